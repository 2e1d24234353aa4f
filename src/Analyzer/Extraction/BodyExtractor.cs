using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// Turns one control-flow graph into a <see cref="Body"/>: the memory steps of each basic block in
/// evaluation order, the delegates it starts, and its lambdas and local functions as bodies of their own.
/// </summary>
internal sealed class BodyExtractor : IOperationContext
{
    private readonly TypeScope _scope;
    private readonly ControlFlowGraph _graph;
    private readonly Dictionary<CaptureId, IOperation?> _captures = new();
    private readonly Dictionary<ILocalSymbol, MemoryLocation?> _refLocals = new(SymbolEqualityComparer.Default);
    private readonly List<IOperation> _started = new();
    private readonly List<(IMethodSymbol Symbol, ControlFlowGraph Graph)> _nested = new();

    private BodyExtractor(TypeScope scope, ControlFlowGraph graph)
    {
        _scope = scope;
        _graph = graph;
    }

    /// <summary>Extracts a body and, recursively, the lambdas and local functions inside it.</summary>
    public static Body Extract(TypeScope scope, IMethodSymbol symbol, ControlFlowGraph graph, string displayName)
    {
        var extractor = new BodyExtractor(scope, graph);
        extractor.Prepare();
        var blocks = graph.Blocks;
        var steps = new IReadOnlyList<MemoryStep>[blocks.Length];
        for (var i = 0; i < blocks.Length; i++)
        {
            var list = new List<MemoryStep>();
            foreach (var operation in blocks[i].Operations)
            {
                extractor.Visit(operation, list);
            }

            extractor.Visit(blocks[i].BranchValue, list);
            steps[i] = list;
        }

        var body = new Body(symbol, graph, steps, displayName);
        foreach (var started in extractor._started)
        {
            if (extractor.DelegateTarget(started) is { } target)
            {
                body.Starts.Add(target);
            }
        }

        foreach (var localFunction in graph.LocalFunctions)
        {
            extractor._nested.Add((localFunction, graph.GetLocalFunctionControlFlowGraph(localFunction)));
        }

        foreach (var (nestedSymbol, nestedGraph) in extractor._nested)
        {
            var name = nestedSymbol.MethodKind == MethodKind.LocalFunction ? nestedSymbol.Name : "lambda in " + displayName;
            body.Nested.Add(Extract(scope, nestedSymbol, nestedGraph, name));
        }

        return body;
    }

    public IOperation Resolve(IOperation operation)
    {
        var op = operation;
        for (var depth = 0; depth < 8 && op is IFlowCaptureReferenceOperation reference && _captures.TryGetValue(reference.Id, out var value) && value is not null; depth++)
        {
            op = value;
        }

        return op;
    }

    public IFieldSymbol? BackingField(IPropertySymbol property) => _scope.BackingField(property);

    public MemoryLocation? RefLocal(ILocalSymbol local) => _refLocals.TryGetValue(local, out var location) ? location : null;

    /// <summary>Records flow captures and <c>ref</c> local bindings before the walk, so every use can be resolved.</summary>
    private void Prepare()
    {
        foreach (var block in _graph.Blocks)
        {
            foreach (var operation in block.Operations)
            {
                foreach (var node in operation.DescendantsAndSelf())
                {
                    switch (node)
                    {
                        case IFlowCaptureOperation capture:
                            // A capture set on two branches (`c ? ref a : ref b`) stands for neither value alone.
                            _captures[capture.Id] = _captures.ContainsKey(capture.Id) ? null : capture.Value;
                            break;
                        case ISimpleAssignmentOperation { IsRef: true, Target: ILocalReferenceOperation local } binding:
                            BindRefLocal(local.Local, binding.Value);
                            break;
                    }
                }
            }
        }
    }

    private void BindRefLocal(ILocalSymbol local, IOperation value)
    {
        var location = OperationLocations.OfVariable(value, this);
        if (_refLocals.TryGetValue(local, out var previous) && !Equals(previous, location))
        {
            _refLocals[local] = null; // bound to different places: not one location
            return;
        }

        _refLocals[local] = location;
    }

    private void Visit(IOperation? operation, List<MemoryStep> steps)
    {
        switch (operation)
        {
            case null:
            case IFlowCaptureReferenceOperation:
            case ILocalFunctionOperation:
                return;
            case IFlowCaptureOperation capture:
                Visit(capture.Value, steps);
                return;
            case IFlowAnonymousFunctionOperation lambda:
                _nested.Add((lambda.Symbol, _graph.GetAnonymousFunctionControlFlowGraph(lambda)));
                return;
            case ISimpleAssignmentOperation { IsRef: true }:
                return;
            case ISimpleAssignmentOperation assignment:
                VisitTargetPrefix(assignment.Target, steps);
                Visit(assignment.Value, steps);
                Write(assignment.Target, steps, assignment.Syntax);
                return;
            case ICompoundAssignmentOperation or ICoalesceAssignmentOperation:
                var compound = (IAssignmentOperation)operation;
                VisitTargetPrefix(compound.Target, steps);
                Read(compound.Target, steps);
                Visit(compound.Value, steps);
                Write(compound.Target, steps, compound.Syntax);
                return;
            case IIncrementOrDecrementOperation increment:
                VisitTargetPrefix(increment.Target, steps);
                Read(increment.Target, steps);
                Write(increment.Target, steps, increment.Syntax);
                return;
            case IDeconstructionAssignmentOperation deconstruction:
                Visit(deconstruction.Value, steps);
                WriteLeaves(deconstruction.Target, steps);
                return;
            case IFieldReferenceOperation or IArrayElementReferenceOperation or ILocalReferenceOperation:
                VisitTargetPrefix(operation, steps);
                Read(operation, steps);
                return;
            case IPropertyReferenceOperation property:
                VisitProperty(property, steps);
                return;
            case IInvocationOperation invocation:
                VisitInvocation(invocation, steps);
                return;
            case IObjectCreationOperation creation:
                VisitChildren(creation, steps);
                if (_scope.Knowledge.Describe(creation) is { } created)
                {
                    _started.AddRange(created.Started);
                }

                return;
            case IInvalidOperation invalid when invalid.Syntax.Parent is LockStatementSyntax:
                // Some compilers leave `lock (x)` on a System.Threading.Lock (with nullable enabled) as an
                // invalid operation with no EnterScope/Dispose. Take it as entering the lock and never leaving
                // it: later accesses look ordered by it, which can only silence a report.
                VisitChildren(invalid, steps);
                steps.Add(MemoryStep.ForLockEnter(OperationLocations.LockOf(FirstChild(invalid), this), invalid.Syntax));
                return;
            case IAwaitOperation awaiting:
                Visit(awaiting.Operation, steps);
                steps.Add(MemoryStep.ForFence(Protection.Full, awaiting.Syntax));
                return;
            default:
                VisitChildren(operation, steps);
                return;
        }
    }

    private static IOperation? FirstChild(IOperation operation)
    {
        foreach (var child in operation.ChildOperations)
        {
            return child;
        }

        return null;
    }

    private void VisitChildren(IOperation operation, List<MemoryStep> steps)
    {
        foreach (var child in operation.ChildOperations)
        {
            Visit(child, steps);
        }
    }

    /// <summary>Evaluates what an assignment target needs before the store: its receiver and indices.</summary>
    private void VisitTargetPrefix(IOperation target, List<MemoryStep> steps)
    {
        switch (target)
        {
            case IFieldReferenceOperation field:
                Visit(field.Instance, steps);
                break;
            case IPropertyReferenceOperation property:
                Visit(property.Instance, steps);
                foreach (var argument in property.Arguments)
                {
                    Visit(argument.Value, steps);
                }

                break;
            case IArrayElementReferenceOperation element:
                Visit(element.ArrayReference, steps);
                foreach (var index in element.Indices)
                {
                    Visit(index, steps);
                }

                break;
        }
    }

    private void VisitProperty(IPropertyReferenceOperation property, List<MemoryStep> steps)
    {
        VisitTargetPrefix(property, steps);
        if (_scope.Knowledge.Describe(property, this) is { } effect)
        {
            Add(effect, steps);
            return;
        }

        if (BackingField(property.Property) is not null)
        {
            Read(property, steps);
            return;
        }

        if (property.Property.GetMethod is { } getter && _scope.Contains(getter))
        {
            steps.Add(MemoryStep.ForCall(getter, property.Syntax));
        }
    }

    private void VisitInvocation(IInvocationOperation invocation, List<MemoryStep> steps)
    {
        var effect = _scope.Knowledge.Describe(invocation, this);
        Visit(invocation.Instance, steps);
        foreach (var argument in invocation.Arguments)
        {
            // A by-reference argument (ref, out, in, ref readonly) is a variable, not a value: the known effect
            // (or nothing, for an unknown callee) covers it.
            if (argument.Parameter is { RefKind: not RefKind.None } || argument.ArgumentKind == ArgumentKind.DefaultValue)
            {
                continue;
            }

            Visit(argument.Value, steps);
        }

        if (effect is not null)
        {
            Add(effect, steps);
        }
        else if (_scope.Contains(invocation.TargetMethod))
        {
            steps.Add(MemoryStep.ForCall(invocation.TargetMethod, invocation.Syntax));
        }
    }

    private void Add(KnownEffect effect, List<MemoryStep> steps)
    {
        steps.AddRange(effect.Steps);
        _started.AddRange(effect.Started);
    }

    private void Read(IOperation variable, List<MemoryStep> steps) => Access(variable, AccessKind.Load, steps);

    /// <summary>A store to <paramref name="target"/>, anchored at the whole assignment so diagnostics and fixes see the statement's expression.</summary>
    private void Write(IOperation target, List<MemoryStep> steps, SyntaxNode? anchor = null)
    {
        if (target is IPropertyReferenceOperation property && BackingField(property.Property) is null)
        {
            if (property.Property.SetMethod is { } setter && _scope.Contains(setter))
            {
                steps.Add(MemoryStep.ForCall(setter, anchor ?? property.Syntax));
            }

            return;
        }

        Access(target, AccessKind.Store, steps, anchor);
    }

    private void WriteLeaves(IOperation target, List<MemoryStep> steps)
    {
        if (target is ITupleOperation tuple)
        {
            foreach (var element in tuple.Elements)
            {
                WriteLeaves(element, steps);
            }

            return;
        }

        if (target is IDeclarationExpressionOperation)
        {
            return;
        }

        Write(target, steps);
    }

    private void Access(IOperation variable, AccessKind kind, List<MemoryStep> steps, SyntaxNode? anchor = null)
    {
        if (OperationLocations.OfVariable(variable, this) is not { } location)
        {
            return;
        }

        var isVolatile = location.Kind == MemoryLocationKind.Field && location.Field.IsVolatile;
        var ordering = !isVolatile ? AccessOrdering.Plain : kind == AccessKind.Load ? AccessOrdering.Acquire : AccessOrdering.Release;
        steps.Add(MemoryStep.ForAccess(location, kind, ordering, anchor ?? variable.Syntax));
    }

    private IMethodSymbol? DelegateTarget(IOperation operation)
    {
        var op = Resolve(operation);
        while (op is IConversionOperation conversion)
        {
            op = Resolve(conversion.Operand);
        }

        if (op is IDelegateCreationOperation creation)
        {
            op = Resolve(creation.Target);
        }

        return op switch
        {
            IFlowAnonymousFunctionOperation lambda => lambda.Symbol,
            IAnonymousFunctionOperation lambda => lambda.Symbol,
            IMethodReferenceOperation method => method.Method.OriginalDefinition,
            _ => null,
        };
    }
}
