using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// The values the dataflow gives a member's non-<c>ref</c> locals (<see cref="Knowledge.IOperationContext.LocalValue"/>),
/// for the candidate scan (docs/design.md §8, "Cost"): each function body — the member's, a lambda's, a local function's —
/// is its own control-flow graph with its own locals' values. A local assigned once there holds that value; one given a
/// second value (assigned again, updated, passed by <c>ref</c> or <c>out</c>, deconstructed into) holds no one object, so
/// the object it refers to is another object's to the dataflow (§5, "Receivers": <c>var t = this; … t = t._next;</c>
/// walks other objects). A <c>ref</c> local is the location it is bound to (<see cref="Knowledge.IOperationContext.RefLocal"/>),
/// one location only when every binding in its body is. A local a body does not assign or bind (a loop variable, one
/// captured from outside) is unknown here, and the scan keeps what is reached through it.
/// </summary>
internal sealed class LocalValues
{
    /// <summary>Per function body (null for the member's own) and local: its one value, or null once it has had two.</summary>
    private readonly Dictionary<(IOperation? Body, ILocalSymbol Local), IOperation?> _values = new(BodyLocalComparer.Instance);

    /// <summary>Per function body and <c>ref</c> local: what it is bound to there.</summary>
    private readonly Dictionary<(IOperation? Body, ILocalSymbol Local), List<IOperation>> _bindings = new(BodyLocalComparer.Instance);

    private LocalValues()
    {
    }

    /// <summary>What the dataflow knows of a local's value where it is used.</summary>
    public enum Kind
    {
        /// <summary>Not assigned in the body of the use: the scan keeps what it reaches.</summary>
        Unknown,

        /// <summary>Assigned once there: the local is that value.</summary>
        One,

        /// <summary>Given more than one value there: no one object, another object's to the dataflow.</summary>
        Many,
    }

    /// <summary>One pass over a member's operation tree, noting every assignment of a non-<c>ref</c> local.</summary>
    public static LocalValues Of(IOperation root)
    {
        var values = new LocalValues();
        foreach (var node in root.DescendantsAndSelf())
        {
            if (Updated(node) is { } updated)
            {
                values.Set(node, updated.Local, null); // a value Fencer does not follow
                continue;
            }

            switch (node)
            {
                case IVariableDeclaratorOperation { Symbol.IsRef: false, Initializer.Value: { } value } declarator:
                    values.Set(declarator, declarator.Symbol, value);
                    break;
                case IVariableDeclaratorOperation { Symbol.IsRef: true, Initializer.Value: { } bound } declarator:
                    values.Bind(declarator, declarator.Symbol, bound);
                    break;
                case ISimpleAssignmentOperation { IsRef: true, Target: ILocalReferenceOperation { Local.IsRef: true } local } binding:
                    values.Bind(node, local.Local, binding.Value);
                    break;
                case ISimpleAssignmentOperation { IsRef: false, Target: ILocalReferenceOperation { Local.IsRef: false } local } assignment:
                    values.Set(node, local.Local, assignment.Value);
                    break;
                case IDeconstructionAssignmentOperation deconstruction:
                    foreach (var leaf in deconstruction.Target.DescendantsAndSelf())
                    {
                        if (leaf is ILocalReferenceOperation local)
                        {
                            values.Set(node, local.Local, null);
                        }
                    }

                    break;
                case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared } pattern:
                    values.Set(node, declared, pattern.Parent is IIsPatternOperation isPattern ? isPattern.Value : null);
                    break;
            }
        }

        return values;
    }

    /// <summary>The local an update, a <c>ref</c> or <c>out</c> argument or an <c>out var</c> gives a value Fencer does not follow, or null.</summary>
    private static ILocalReferenceOperation? Updated(IOperation node) => node switch
    {
        ICompoundAssignmentOperation { Target: ILocalReferenceOperation local } => local,
        ICoalesceAssignmentOperation { Target: ILocalReferenceOperation local } => local,
        IIncrementOrDecrementOperation { Target: ILocalReferenceOperation local } => local,
        IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref, Value: ILocalReferenceOperation local } => local,
        IDeclarationExpressionOperation { Expression: ILocalReferenceOperation local } => local,
        _ => null,
    };

    /// <summary>What the local <paramref name="use"/> refers to holds in the body the use is written in.</summary>
    public Kind Value(ILocalReferenceOperation use, out IOperation? value)
    {
        value = null;
        if (use.Local.IsRef || !_values.TryGetValue((BodyOf(use), use.Local), out var one))
        {
            return Kind.Unknown;
        }

        value = one;
        return one is null ? Kind.Many : Kind.One;
    }

    /// <summary>What the <c>ref</c> local <paramref name="use"/> refers to is bound to in the body the use is written in (none: unknown).</summary>
    public IReadOnlyList<IOperation> Bindings(ILocalReferenceOperation use) =>
        use.Local.IsRef && _bindings.TryGetValue((BodyOf(use), use.Local), out var bound) ? bound : System.Array.Empty<IOperation>();

    private void Bind(IOperation at, ILocalSymbol local, IOperation bound)
    {
        var key = (BodyOf(at), local);
        if (!_bindings.TryGetValue(key, out var list))
        {
            _bindings[key] = list = new List<IOperation>();
        }

        list.Add(bound);
    }

    /// <summary>A value given at <paramref name="at"/>; null when Fencer does not follow it (an update, an <c>out</c> argument).</summary>
    private void Set(IOperation at, ILocalSymbol local, IOperation? value)
    {
        if (local.IsRef)
        {
            return;
        }

        var key = (BodyOf(at), local);
        _values[key] = value is not null && !_values.ContainsKey(key) ? value : null;
    }

    /// <summary>The lambda or local function whose body holds <paramref name="operation"/>, or null for the member's own body.</summary>
    private static IOperation? BodyOf(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return parent;
            }
        }

        return null;
    }

    /// <summary>Function bodies by reference, locals as symbols.</summary>
    private sealed class BodyLocalComparer : IEqualityComparer<(IOperation? Body, ILocalSymbol Local)>
    {
        public static readonly BodyLocalComparer Instance = new();

        public bool Equals((IOperation? Body, ILocalSymbol Local) x, (IOperation? Body, ILocalSymbol Local) y) =>
            ReferenceEquals(x.Body, y.Body) && SymbolEqualityComparer.Default.Equals(x.Local, y.Local);

        public int GetHashCode((IOperation? Body, ILocalSymbol Local) obj) =>
            (obj.Body is null ? 0 : System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Body) * 397) ^ SymbolEqualityComparer.Default.GetHashCode(obj.Local);
    }
}
