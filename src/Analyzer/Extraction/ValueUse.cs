using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// What a loaded value is used for, followed through one body's control-flow graph (docs/design.md, "Evidence: the
/// load decides"): through conversions and operators, flow captures, locals, and the results of library calls it is
/// an argument of, up to where it ends — a branch (an if, a loop condition, a null check, a switch), a returned value,
/// a dereference, an argument of a method in source (which may branch on it: <see cref="LoadUse.Decides"/>), the object
/// a store goes into (<see cref="LoadUse.StoredInto"/>), a copy
/// into a field of <c>this</c> (<see cref="LoadUse.Result"/>), or nowhere that decides anything: a discarded value,
/// an argument of a library method that returns nothing (<c>Debug.Assert</c>, logging), text formatted from it (an
/// interpolation, a concatenation, <c>ToString</c>: reported, not decided on), a copy into another object
/// (<see cref="LoadUse.Ignored"/>).
/// </summary>
internal sealed class ValueUse
{
    /// <summary>How far through locals and captures a value is followed before it is taken as deciding.</summary>
    private const int MaxDepth = 8;

    private readonly Dictionary<IOperation, BasicBlock> _branchValues = new();
    private readonly Dictionary<CaptureId, List<IFlowCaptureReferenceOperation>> _captureReads = new();
    private readonly Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> _localReads = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<IOperation, LoadUse> _memo = new();

    public ValueUse(ControlFlowGraph graph)
    {
        foreach (var block in graph.Blocks)
        {
            if (block.BranchValue is { } branch)
            {
                _branchValues[branch] = block;
            }
        }
    }

    /// <summary>Records the reads of captures and locals, from the walk that prepares a body.</summary>
    public void Index(IOperation node)
    {
        switch (node)
        {
            case IFlowCaptureReferenceOperation capture:
                Add(_captureReads, capture.Id, capture);
                break;
            case ILocalReferenceOperation local when !IsWritten(local):
                Add(_localReads, local.Local, local);
                break;
        }
    }

    /// <summary>What the value of <paramref name="load"/> is used for.</summary>
    public LoadUse Of(IOperation load) => Of(load, 0);

    private LoadUse Of(IOperation value, int depth)
    {
        if (depth > MaxDepth)
        {
            return LoadUse.Decides;
        }

        if (_memo.TryGetValue(value, out var known))
        {
            return known;
        }

        _memo[value] = LoadUse.Ignored; // a cycle through locals decides nothing by itself
        var use = Follow(value, depth);
        _memo[value] = use;
        return use;
    }

    private LoadUse Follow(IOperation value, int depth)
    {
        var current = value;
        while (true)
        {
            var parent = current.Parent;
            if (parent is null)
            {
                // The root of a statement: a branch value decides (a condition, a returned or thrown value, a
                // switch); any other root is a statement whose value is discarded.
                return _branchValues.ContainsKey(current) ? LoadUse.Decides : LoadUse.Ignored;
            }

            switch (parent)
            {
                case IInterpolatedStringOperation:
                case IInterpolationOperation:
                case IInterpolatedStringContentOperation:
                case IBinaryOperation { Type.SpecialType: SpecialType.System_String }:
                case IInvocationOperation { TargetMethod.Name: "ToString" } when ReferenceEquals(((IInvocationOperation)parent).Instance, current):
                    return LoadUse.Ignored; // formatted into text: reported, not decided on
                case IFlowCaptureOperation capture:
                    return AnyOf(_captureReads, capture.Id, depth);
                case ISimpleAssignmentOperation assignment when ReferenceEquals(assignment.Value, current):
                    return Assigned(assignment.Target, depth);
                case IArgumentOperation argument:
                    return Argument(argument, depth);
                case IArrayElementReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation when StoresThrough(parent, current):
                    return LoadUse.StoredInto;
                case IInvocationOperation invocation when ReferenceEquals(invocation.Instance, current):
                case IMemberReferenceOperation member when ReferenceEquals(member.Instance, current):
                case IArrayElementReferenceOperation:
                case IReturnOperation:
                case IConditionalAccessOperation:
                case ISwitchOperation:
                case ISwitchExpressionOperation:
                    return LoadUse.Decides;
                case IExpressionStatementOperation:
                case IDiscardOperation:
                    return LoadUse.Ignored;
                case IConditionalOperation conditional when ReferenceEquals(conditional.Condition, current):
                    return LoadUse.Decides;
                case IConversionOperation:
                case IParenthesizedOperation:
                case IUnaryOperation:
                case IBinaryOperation:
                case IIsPatternOperation:
                case IIsTypeOperation:
                case ICoalesceOperation:
                case ITupleOperation:
                case IAwaitOperation:
                case IConditionalOperation:
                    current = parent;
                    continue;
                default:
                    return LoadUse.Decides; // somewhere Fencer does not follow: take it as deciding
            }
        }
    }

    private LoadUse Assigned(IOperation target, int depth) => target switch
    {
        ILocalReferenceOperation { Local.IsRef: false } local => AnyOf(_localReads, local.Local, depth),
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } => LoadUse.Result,
        IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } } => LoadUse.Result,
        IDiscardOperation => LoadUse.Ignored,
        IFieldReferenceOperation or IPropertyReferenceOperation or IArrayElementReferenceOperation => LoadUse.Ignored, // copied into another object
        _ => LoadUse.Decides,
    };

    /// <summary>A method in source may branch on its argument; a library method's result carries it on (and a void one ends it).</summary>
    private LoadUse Argument(IArgumentOperation argument, int depth)
    {
        switch (argument.Parent)
        {
            // The value an Interlocked.Exchange or CompareExchange stores goes into its location, not into its result
            // (the location's old value): it is copied, like an assignment to that location.
            case IInvocationOperation { TargetMethod: { Name: "Exchange" or "CompareExchange", ContainingType: { Name: "Interlocked", ContainingNamespace.Name: "Threading" } } } exchange
                when argument.Parameter?.Ordinal == 1 && exchange.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0) is { } location:
                return Assigned(location.Value, depth);
            case IInvocationOperation invocation when !IsInSource(invocation.TargetMethod):
                return invocation.Type is { SpecialType: SpecialType.System_Void } ? LoadUse.Ignored : Of(invocation, depth + 1);
            case IObjectCreationOperation creation when creation.Constructor is { } constructor && !IsInSource(constructor):
                return Of(creation, depth + 1);
            default:
                return LoadUse.Decides;
        }
    }

    private LoadUse AnyOf<TKey, TRead>(Dictionary<TKey, List<TRead>> reads, TKey key, int depth)
        where TKey : notnull
        where TRead : IOperation
    {
        if (!reads.TryGetValue(key, out var list))
        {
            return LoadUse.Ignored;
        }

        var best = LoadUse.Ignored;
        foreach (var read in list)
        {
            var use = Of(read, depth + 1);
            if (use == LoadUse.Decides)
            {
                return use;
            }

            if (use == LoadUse.StoredInto || (use == LoadUse.Result && best != LoadUse.StoredInto))
            {
                best = use; // storing through the value is nearer deciding than keeping it
            }
        }

        return best;
    }

    /// <summary>
    /// Whether <paramref name="reference"/> reaches through <paramref name="value"/> (its array or instance) only to the
    /// target of a plain assignment — directly (<c>_items[i] = x</c>, <c>_packet.Mode = m</c>) or through fields and
    /// elements of what it holds (<c>_items[i].Value = x</c>, <c>_items[i].Mode = m</c>). A compound assignment reads its
    /// target too, and a property read on the way runs its getter.
    /// </summary>
    private static bool StoresThrough(IOperation reference, IOperation value)
    {
        var current = reference;
        var through = value;
        while (true)
        {
            var holds = current switch
            {
                IArrayElementReferenceOperation element => ReferenceEquals(element.ArrayReference, through),
                IFieldReferenceOperation field => ReferenceEquals(field.Instance, through),
                IPropertyReferenceOperation property => ReferenceEquals(property.Instance, through),
                _ => false,
            };
            if (!holds)
            {
                return false;
            }

            if (current.Parent is ISimpleAssignmentOperation assignment && ReferenceEquals(assignment.Target, current))
            {
                return true;
            }

            if (current is IPropertyReferenceOperation || current.Parent is not (IArrayElementReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation))
            {
                return false; // a getter runs code, and anything else uses the value
            }

            through = current;
            current = current.Parent;
        }
    }

    private static bool IsWritten(ILocalReferenceOperation local) =>
        local.Parent is IAssignmentOperation assignment && ReferenceEquals(assignment.Target, local)
        || local.Parent is IIncrementOrDecrementOperation
        || local.Parent is IArgumentOperation { Parameter.RefKind: RefKind.Out };

    private static bool IsInSource(IMethodSymbol method) => !method.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty;

    private static void Add<TKey, TRead>(Dictionary<TKey, List<TRead>> reads, TKey key, TRead read)
        where TKey : notnull
    {
        if (!reads.TryGetValue(key, out var list))
        {
            reads[key] = list = new List<TRead>();
        }

        list.Add(read);
    }
}
