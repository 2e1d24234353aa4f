using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Fencer.Analyzer.Knowledge;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// Turns one control-flow graph into a <see cref="Body"/>: the memory steps of each basic block in evaluation
/// order, the delegates it starts, and its lambdas and local functions as bodies of their own. Two phases: every body
/// of the type is prepared first (flow captures, locals, what it tells <see cref="TypeFacts"/>), then built, so that
/// what one body says about another (a parameter that is always <c>this</c>, a spin-lock gate) holds in all of them.
/// </summary>
internal sealed class BodyExtractor : IOperationContext
{
    private static readonly ImmutableArray<IMethodSymbol> NoBodies = ImmutableArray<IMethodSymbol>.Empty;

    private readonly TypeScope _scope;
    private readonly IMethodSymbol _symbol;
    private readonly ControlFlowGraph _graph;
    private readonly string _displayName;
    private readonly ValueUse _use;
    private readonly Dictionary<CaptureId, IOperation?> _captures = new();

    /// <summary>Captures that stand for an assignment's target (`_f = c ? a : b` captures `_f` before the value is known): written, not read.</summary>
    private readonly HashSet<CaptureId> _targetCaptures = new();
    private readonly Dictionary<ILocalSymbol, List<IOperation>?> _refBindings = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, MemoryLocation?> _refLocals = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<ILocalSymbol, IOperation?> _localValues = new(SymbolEqualityComparer.Default);
    private readonly List<(ISymbol Holder, IOperation Value)> _handleAssignments = new();
    private readonly List<BodyExtractor> _nested = new();
    private readonly HashSet<IMethodSymbol> _starts = new(SymbolEqualityComparer.Default);
    private readonly HashSet<IMethodSymbol> _subscribes = new(SymbolEqualityComparer.Default);
    private Dictionary<ISymbol, ImmutableArray<IMethodSymbol>>? _handles;

    /// <summary>For a callee read for one call: the locations its by-reference parameters are (<see cref="RefParameter"/>).</summary>
    private readonly ImmutableArray<RefArgument> _refParameters;

    /// <summary>The call of the work-in-progress counter's tested release in the block being built, whose store lets go of nothing by itself (<see cref="CounterRelease"/>).</summary>
    private SyntaxNode? _testedRelease;

    /// <summary><see cref="Resolve"/>, made a delegate once per body.</summary>
    private readonly System.Func<IOperation, IOperation> _resolve;

    /// <summary>An operation as written: where no flow capture is to be resolved (the operation tree, not a graph).</summary>
    internal static readonly System.Func<IOperation, IOperation> AsWritten = operation => operation;

    private BodyExtractor(TypeScope scope, IMethodSymbol symbol, ControlFlowGraph graph, string displayName, ImmutableArray<RefArgument> refParameters)
    {
        _refParameters = refParameters.IsDefault ? ImmutableArray<RefArgument>.Empty : refParameters;
        _scope = scope;
        _symbol = symbol;
        _graph = graph;
        _displayName = displayName;
        _use = new ValueUse(graph);
        _resolve = Resolve;
    }

    public bool Audit => _scope.Audit;

    /// <summary>The root of a body's operation tree: a method's body block hangs under its method body, from which its control-flow graph is built.</summary>
    internal static IOperation RootOf(IOperation operation)
    {
        var root = operation;
        while (root.Parent is { } parent)
        {
            root = parent;
        }

        return root;
    }

    /// <summary>
    /// The control-flow graph of a body from its root operation (<see cref="RootOf"/>), or null when it has none or
    /// Roslyn cannot build one: its builder throws on some broken code (an ambiguous call whose argument is an
    /// interpolated-string handler). Such a body is unknown — no halves, no summary (docs/design.md §4) —, never a crash.
    /// </summary>
    internal static ControlFlowGraph? GraphOf(IOperation root, System.Threading.CancellationToken cancellationToken)
    {
        try
        {
            return root switch
            {
                IMethodBodyOperation body => ControlFlowGraph.Create(body, cancellationToken),
                IConstructorBodyOperation constructor => ControlFlowGraph.Create(constructor, cancellationToken),
                IBlockOperation block => ControlFlowGraph.Create(block, cancellationToken),
                _ => null,
            };
        }
        catch (System.Exception e) when (e is not System.OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>Phase one: reads a body (and, recursively, its lambdas and local functions) and records what it tells the type's facts.</summary>
    /// <param name="refParameters">For a callee read for one call: the locations its by-reference parameters are (docs/design.md §5, "By-reference parameters").</param>
    public static BodyExtractor Prepare(TypeScope scope, IMethodSymbol symbol, ControlFlowGraph graph, string displayName, ImmutableArray<RefArgument> refParameters = default)
    {
        // Lambdas and local functions cannot use a by-reference parameter of the method: they bind none.
        var extractor = new BodyExtractor(scope, symbol, graph, displayName, refParameters);
        extractor.PrepareOperations();
        foreach (var localFunction in graph.LocalFunctions)
        {
            extractor._nested.Add(Prepare(scope, localFunction, graph.GetLocalFunctionControlFlowGraph(localFunction), localFunction.Name));
        }

        return extractor;
    }

    /// <summary>Phase two: the body's steps, once every body of the type is prepared.</summary>
    public Body Build()
    {
        var blocks = _graph.Blocks;
        var steps = new IReadOnlyList<MemoryStep>[blocks.Length];
        var whenTaken = new IReadOnlyList<MemoryStep>?[blocks.Length];
        var whenFalling = new IReadOnlyList<MemoryStep>?[blocks.Length];
        for (var i = 0; i < blocks.Length; i++)
        {
            var list = new List<MemoryStep>();
            var release = blocks[i].BranchValue is { } tested ? CounterRelease(blocks[i], tested) : null;
            _testedRelease = release?.Call.Syntax;
            foreach (var operation in blocks[i].Operations)
            {
                Visit(operation, list);
            }

            if (blocks[i].BranchValue is { } branch)
            {
                var success = new List<MemoryStep>();
                bool whenTrue;
                if (release is { } counter)
                {
                    Visit(branch, list);
                    success.Add(MemoryStep.ForLockExit(counter.Gate, branch.Syntax));
                    whenTrue = counter.ZeroWhen;
                }
                else
                {
                    whenTrue = VisitBranch(branch, list, success);
                }

                _testedRelease = null;
                if (success.Count > 0 && blocks[i].ConditionalSuccessor is not null)
                {
                    // The conditional successor is taken when the value equals the block's ConditionKind.
                    var taken = (blocks[i].ConditionKind == ControlFlowConditionKind.WhenTrue) == whenTrue;
                    (taken ? whenTaken : whenFalling)[i] = success;
                }
                else
                {
                    // A returned value: what happens only on success happens on some path. A lock taken only then is
                    // held on no known path (a try-enter wrapper's caller tests the result; §7).
                    list.AddRange(success.Select(step => step.Attempted()));
                }

                if (blocks[i].ConditionalSuccessor is not null && FixedFieldTest(branch) is { } fact)
                {
                    // Each edge of a test of a fixed field knows its answer (§6, "Paths a fixed field keeps apart").
                    var onTrue = blocks[i].ConditionKind == ControlFlowConditionKind.WhenTrue;
                    whenTaken[i] = With(whenTaken[i], MemoryStep.ForAssume(onTrue ? fact : fact.Negated, branch.Syntax));
                    whenFalling[i] = With(whenFalling[i], MemoryStep.ForAssume(onTrue ? fact.Negated : fact, branch.Syntax));
                }
            }

            steps[i] = list;
        }

        var body = new Body(_symbol, _graph, steps, whenTaken, whenFalling, _displayName);
        body.Starts.UnionWith(_starts);
        body.Subscribes.UnionWith(_subscribes);
        foreach (var nested in _nested)
        {
            body.Nested.Add(nested.Build());
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

    public MemoryLocation? RefLocal(ILocalSymbol local)
    {
        if (_refLocals.TryGetValue(local, out var known))
        {
            return known;
        }

        // Bound to different places (`ref var r = ref c ? ref a : ref b`, two bindings): not one location.
        MemoryLocation? location = null;
        if (_refBindings.TryGetValue(local, out var bindings) && bindings is { Count: > 0 })
        {
            _refLocals[local] = null; // a binding that refers to the local itself resolves to nothing
            location = OperationLocations.OfVariable(bindings[0], this);
            for (var i = 1; i < bindings.Count && location is not null; i++)
            {
                if (!Equals(location, OperationLocations.OfVariable(bindings[i], this)))
                {
                    location = null;
                }
            }
        }

        _refLocals[local] = location;
        return location;
    }

    public MemoryLocation? RefParameter(IParameterSymbol parameter)
    {
        if (_refParameters.IsEmpty || !SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol?.OriginalDefinition, _symbol.OriginalDefinition))
        {
            return null;
        }

        foreach (var argument in _refParameters)
        {
            if (argument.Ordinal == parameter.Ordinal)
            {
                return argument.Location;
            }
        }

        return null;
    }

    public IOperation? LocalValue(ILocalSymbol local) => _localValues.TryGetValue(local, out var value) ? value : null;

    public bool IsThis(IParameterSymbol parameter) => _scope.Facts.IsThis(parameter);

    public bool IsMutex(IFieldSymbol semaphore) => _scope.Facts.MutexSemaphores.Contains(semaphore.OriginalDefinition);

    /// <summary>Records flow captures, local values, value uses and the type's facts, and prepares the lambdas inside.</summary>
    private void PrepareOperations()
    {
        foreach (var block in _graph.Blocks)
        {
            foreach (var root in block.Operations.Append(block.BranchValue))
            {
                if (root is null)
                {
                    continue;
                }

                foreach (var node in root.DescendantsAndSelf())
                {
                    PrepareNode(node);
                }
            }

            if (block.BranchValue is { } branch && SpinAcquisition(branch, _resolve, out _) is not null)
            {
                _scope.Facts.NoteGate(() => SpinGate(branch, out _));
            }
        }
    }

    private void PrepareNode(IOperation node)
    {
        _use.Index(node);
        switch (node)
        {
            case IFlowCaptureOperation capture:
                // A capture set on two branches (`c ? ref a : ref b`) stands for neither value alone.
                _captures[capture.Id] = _captures.ContainsKey(capture.Id) ? null : capture.Value;
                break;
            case ISimpleAssignmentOperation { IsRef: true, Target: ILocalReferenceOperation local } binding:
                if (!_refBindings.TryGetValue(local.Local, out var list) || list is null)
                {
                    _refBindings[local.Local] = list = new List<IOperation>();
                }

                list.Add(binding.Value);
                break;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment:
                SetLocal(local.Local, assignment.Value);
                RecordHandle(local.Local, assignment.Value);
                break;
            case ISimpleAssignmentOperation { Target: IFieldReferenceOperation field } assignment:
                RecordHandle(field.Field, assignment.Value);
                RecordMutex(field.Field, assignment.Value);
                break;
            case ISimpleAssignmentOperation { Target: IFlowCaptureReferenceOperation target }:
                _targetCaptures.Add(target.Id);
                break;
            case IDeclarationPatternOperation { DeclaredSymbol: ILocalSymbol declared } pattern:
                // `if (state is Worker self)`: self is the pattern's input.
                SetLocal(declared, pattern.Parent is IIsPatternOperation isPattern ? isPattern.Value : null);
                break;
            case ICompoundAssignmentOperation { Target: ILocalReferenceOperation local }:
                SetLocal(local.Local, null);
                break;
            case IIncrementOrDecrementOperation { Target: ILocalReferenceOperation local }:
                SetLocal(local.Local, null);
                break;
            case IArgumentOperation { Parameter.RefKind: RefKind.Out or RefKind.Ref, Value: ILocalReferenceOperation local }:
                SetLocal(local.Local, null);
                break;
            case IDeclarationExpressionOperation { Expression: ILocalReferenceOperation local }:
                SetLocal(local.Local, null);
                break;
            case IDeconstructionAssignmentOperation deconstruction:
                foreach (var leaf in deconstruction.Target.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
                {
                    SetLocal(leaf.Local, null);
                }

                break;
            case IInvocationOperation invocation:
                _scope.Facts.Invocation(invocation, _scope.Declares, DelegateTarget);
                break;
            case IMethodReferenceOperation reference when _scope.Target(reference.Method, reference.Instance) is { } referenced:
                _scope.Facts.Escaping(referenced, passedAsCallback: IsCallbackArgument(reference));
                break;
            case IFlowAnonymousFunctionOperation lambda:
                _nested.Add(Prepare(_scope, lambda.Symbol, _graph.GetAnonymousFunctionControlFlowGraph(lambda), "lambda in " + _displayName));
                break;
        }
    }

    /// <summary>A local given a second, different value (or one Fencer does not follow) holds no one value.</summary>
    private void SetLocal(ILocalSymbol local, IOperation? value)
    {
        if (value is null || _localValues.ContainsKey(local))
        {
            _localValues[local] = null;
            return;
        }

        _localValues[local] = value;
    }

    /// <summary>`var t = new Thread(Body)`, `_task = Task.Run(Loop)`: the variable stands for the started bodies (for Join, Wait, await).</summary>
    private void RecordHandle(ISymbol holder, IOperation value) => _handleAssignments.Add((holder, value));

    private void RecordMutex(IFieldSymbol field, IOperation value)
    {
        if (MutexCreation(value))
        {
            _scope.Facts.MutexSemaphores.Add(field.OriginalDefinition);
        }
    }

    /// <summary>`new SemaphoreSlim(1)` or `new SemaphoreSlim(1, 1)`: one slot, a lock.</summary>
    public static bool MutexCreation(IOperation value)
    {
        var op = value;
        while (op is IConversionOperation conversion)
        {
            op = conversion.Operand;
        }

        return op is IObjectCreationOperation { Type.Name: "SemaphoreSlim" } creation
            && creation.Arguments.Length is 1 or 2
            && creation.Arguments.All(a => a.Value.ConstantValue is { HasValue: true, Value: 1 });
    }

    private static bool IsCallbackArgument(IOperation reference)
    {
        var op = reference.Parent;
        while (op is IDelegateCreationOperation or IConversionOperation)
        {
            op = op.Parent;
        }

        return op is IArgumentOperation { Parent: IInvocationOperation };
    }

    private void Visit(IOperation? operation, List<MemoryStep> steps)
    {
        switch (operation)
        {
            case null:
            case IFlowCaptureReferenceOperation:
            case ILocalFunctionOperation:
            case IFlowAnonymousFunctionOperation:
                return;
            case IFlowCaptureOperation capture when _targetCaptures.Contains(capture.Id) && capture.Value is IFieldReferenceOperation or IArrayElementReferenceOperation:
                VisitTargetPrefix(capture.Value, steps); // the variable an assignment will write: its receiver is evaluated, it is not read
                return;
            case IFlowCaptureOperation capture:
                Visit(capture.Value, steps);
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
                Read(compound.Target, steps, compound is ICompoundAssignmentOperation ? LoadUse.Updates : LoadUse.Decides); // `??=` tests the value
                Visit(compound.Value, steps);
                Write(compound.Target, steps, compound.Syntax);
                return;
            case IIncrementOrDecrementOperation increment:
                VisitTargetPrefix(increment.Target, steps);
                Read(increment.Target, steps, LoadUse.Updates);
                Write(increment.Target, steps, increment.Syntax);
                return;
            case IDeconstructionAssignmentOperation deconstruction:
                Visit(deconstruction.Value, steps);
                WriteLeaves(deconstruction.Target, steps, deconstruction.Syntax);
                return;
            case IFieldReferenceOperation or IArrayElementReferenceOperation or ILocalReferenceOperation or IParameterReferenceOperation { Parameter.RefKind: not RefKind.None }:
                VisitTargetPrefix(operation, steps);
                Access(operation, AccessKind.Load, steps, use: null); // what the value is used for, asked only of a location
                return;
            case IPropertyReferenceOperation property:
                VisitProperty(property, steps);
                return;
            case IInvocationOperation invocation:
                VisitInvocation(invocation, steps, null);
                return;
            case IObjectCreationOperation creation:
                VisitChildren(creation, steps);
                if (_scope.Knowledge.Describe(creation) is { } created)
                {
                    Start(created.Started, creation.Syntax, steps);
                }

                return;
            case IInvalidOperation invalid when GuardStep(invalid, steps):
                return;
            case IInvalidOperation invalid when invalid.Syntax.Parent is LockStatementSyntax:
                // Some compilers leave `lock (x)` on a System.Threading.Lock (with nullable enabled) as an
                // invalid operation with no EnterScope/Dispose. Take it as entering the lock and never leaving
                // it: later accesses look ordered by it, which can only silence a report.
                VisitChildren(invalid, steps);
                steps.Add(MemoryStep.ForLockEnter(OperationLocations.LockOf(FirstChild(invalid), this), invalid.Syntax));
                return;
            case IEventAssignmentOperation { Adds: true } subscription:
                // A handler runs only after it is subscribed: the raiser reaches it only through the handler list the
                // subscription stores (docs/design.md §6, "Happens-before").
                VisitChildren(subscription, steps);
                Start(new List<IOperation> { subscription.HandlerValue }, subscription.Syntax, steps, subscribed: true);
                return;
            case IAwaitOperation awaiting:
                Visit(awaiting.Operation, steps);
                steps.Add(MemoryStep.ForFence(Protection.Full, awaiting.Syntax));
                Join(awaiting.Operation, awaiting.Syntax, steps);
                return;
            default:
                VisitChildren(operation, steps);
                return;
        }
    }

    /// <summary>
    /// A block's branch value: its steps, and apart in <paramref name="success"/> what happens only when it is true
    /// (returned as true) or only when it is false (returned as false): a spin lock taken by a tested
    /// compare-and-swap, a tested <c>TryEnter</c>, a tested <c>TryAdd</c>.
    /// </summary>
    private bool VisitBranch(IOperation branch, List<MemoryStep> steps, List<MemoryStep> success)
    {
        if (TestedCompareExchange(branch, _resolve, out var exchangedWhen) is { } compareExchange)
        {
            // A failed compare-and-swap stores nothing: its store (and the fence after it) happen on the edge where
            // it succeeded; the fence before it and its load happen either way.
            var evaluated = new List<MemoryStep>();
            Visit(branch, evaluated);
            var store = evaluated.FindIndex(s => ReferenceEquals(s.Syntax, compareExchange.Syntax) && s.Access is { Kind: AccessKind.Store, Ordering: AccessOrdering.ReadModifyWrite });
            if (store >= 0)
            {
                success.Add(evaluated[store]);
                success.Add(MemoryStep.ForFence(Protection.Full, compareExchange.Syntax));
                evaluated.RemoveAt(store);
            }

            steps.AddRange(evaluated);
            if (SpinGate(branch, out _) is { } taken)
            {
                success.Add(MemoryStep.ForLockEnter(new LockId(taken, isThis: false), branch.Syntax));
            }

            return exchangedWhen;
        }

        if (SpinGate(branch, out var acquiredWhen) is { } gate)
        {
            Visit(branch, steps);
            success.Add(MemoryStep.ForLockEnter(new LockId(gate, isThis: false), branch.Syntax));
            return acquiredWhen;
        }

        // Only a call written in the branch itself: a captured value was visited where it was computed.
        var (tested, whenTrue) = Unnegate(branch, resolve: false);
        if (tested is IInvocationOperation invocation)
        {
            VisitInvocation(invocation, steps, success);
            return whenTrue;
        }

        Visit(branch, steps);
        return true;
    }

    /// <summary>
    /// <c>Interlocked.CompareExchange(ref l, v, c) == c</c> (or <c>!=</c>, or negated) in a branch, with the comparand
    /// and the compared value the same constant, local, parameter or field: the call, and whether the value true means
    /// it succeeded. Asked of the operation tree too (<see cref="OrderedWrites.AcquiresSpinLock"/>).
    /// </summary>
    internal static IInvocationOperation? TestedCompareExchange(IOperation branch, System.Func<IOperation, IOperation> resolve, out bool succeededWhen)
    {
        succeededWhen = true;
        var (tested, whenTrue) = Unnegate(branch, AsWritten);
        if (tested is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison)
        {
            return null;
        }

        var left = Strip(comparison.LeftOperand, resolve);
        var right = Strip(comparison.RightOperand, resolve);
        var (call, other) = left is IInvocationOperation ? (left as IInvocationOperation, right) : (right as IInvocationOperation, left);
        if (call is not { TargetMethod.ContainingType.Name: "Interlocked", TargetMethod.Name: "CompareExchange" } || call.Arguments.Length < 3
            || !SameValue(Strip(call.Arguments[2].Value, resolve), other))
        {
            return null;
        }

        succeededWhen = (comparison.OperatorKind == BinaryOperatorKind.Equals) == whenTrue;
        return call;
    }

    private static IReadOnlyList<MemoryStep> With(IReadOnlyList<MemoryStep>? steps, MemoryStep step)
    {
        var list = steps is null ? new List<MemoryStep>() : new List<MemoryStep>(steps);
        list.Add(step);
        return list;
    }

    /// <summary>
    /// A branch that tests a field of this object fixed for its life (<see cref="TypeFacts.IsFixed"/>) against a
    /// constant: <c>_mode == Mode.None</c> (also as a switch's case), <c>_monitor != null</c>, <c>_monitor is null</c>,
    /// <c>_threadSafe</c>, negated or not. The fact that holds when the branch value is true.
    /// </summary>
    private FieldFact? FixedFieldTest(IOperation branch)
    {
        var (tested, whenTrue) = Unnegate(branch, resolve: true);
        (IOperation? Operand, object? Value, bool Equal) test = tested switch
        {
            // The constant as compared (converted to the compared type: `_count == 0` on a long compares 0L), so two tests
            // of one field compare like values.
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                when _resolve(comparison.RightOperand) is { ConstantValue.HasValue: true } right => (comparison.LeftOperand, right.ConstantValue.Value, comparison.OperatorKind == BinaryOperatorKind.Equals),
            IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                when _resolve(comparison.LeftOperand) is { ConstantValue.HasValue: true } left => (comparison.RightOperand, left.ConstantValue.Value, comparison.OperatorKind == BinaryOperatorKind.Equals),
            IIsPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue.HasValue: true } constant } pattern => (pattern.Value, constant.Value.ConstantValue.Value, true),
            IIsPatternOperation { Pattern: INegatedPatternOperation { Pattern: IConstantPatternOperation { Value.ConstantValue.HasValue: true } constant } } pattern => (pattern.Value, constant.Value.ConstantValue.Value, false),
            _ when tested.Type?.SpecialType == SpecialType.System_Boolean => (tested, true, true),
            _ => (null, null, false),
        };
        if (test.Operand is null || Strip(test.Operand, _resolve) is not IFieldReferenceOperation { Field: { IsStatic: false } field, Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance } }
            || _scope.Facts.IsFixed is not { } isFixed || !isFixed(field.OriginalDefinition))
        {
            return null;
        }

        return new FieldFact(field.OriginalDefinition, test.Value, test.Equal == whenTrue);
    }

    private static bool SameValue(IOperation a, IOperation b) => (a, b) switch
    {
        ({ ConstantValue.HasValue: true }, { ConstantValue.HasValue: true }) => Equals(a.ConstantValue.Value, b.ConstantValue.Value),
        (ILocalReferenceOperation x, ILocalReferenceOperation y) => SymbolEqualityComparer.Default.Equals(x.Local, y.Local),
        (IParameterReferenceOperation x, IParameterReferenceOperation y) => SymbolEqualityComparer.Default.Equals(x.Parameter, y.Parameter),
        (IFieldReferenceOperation x, IFieldReferenceOperation y) => SymbolEqualityComparer.Default.Equals(x.Field, y.Field) && x.Instance is null or IInstanceReferenceOperation && y.Instance is null or IInstanceReferenceOperation,
        _ => false,
    };

    /// <summary>What a branch value tests, under any number of <c>!</c>, and whether it succeeds when the value is true.</summary>
    private (IOperation Tested, bool WhenTrue) Unnegate(IOperation branch, bool resolve) => Unnegate(branch, resolve ? _resolve : AsWritten);

    private static (IOperation Tested, bool WhenTrue) Unnegate(IOperation branch, System.Func<IOperation, IOperation> resolve)
    {
        var op = resolve(branch);
        var whenTrue = true;
        while (true)
        {
            IOperation? inner = op switch
            {
                IUnaryOperation { OperatorKind: UnaryOperatorKind.Not } not => not.Operand,
                IConversionOperation conversion => conversion.Operand,
                IParenthesizedOperation parenthesized => parenthesized.Operand,
                _ => null,
            };
            if (inner is null)
            {
                return (op, whenTrue);
            }

            whenTrue ^= op is IUnaryOperation;
            op = resolve(inner);
        }
    }

    /// <summary>
    /// A spin lock's acquisition tested in a branch: <c>Interlocked.CompareExchange(ref gate, v, c) == c</c> (or
    /// <c>!=</c>), <c>Interlocked.Exchange(ref gate, v) == c</c>, on a field of this object or a static one that some
    /// member releases (<see cref="TypeFacts.IsReleased"/>); the gate field, and whether the value true means acquired.
    /// </summary>
    private IFieldSymbol? SpinGate(IOperation branch, out bool acquiredWhen) =>
        SpinAcquisition(branch, _resolve, out acquiredWhen) is { } call
        && OperationLocations.OfVariable(call.Arguments[0].Value, this) is { Kind: MemoryLocationKind.Field, Receiver: ReceiverKind.This or ReceiverKind.Static } gate
        && (_scope.Facts.IsReleased is { } released ? released(gate.Field) : call.TargetMethod.Name is "CompareExchange" or "Exchange") // a gate nothing releases is a latch, not a lock; a counter is one only where its releases are known (§7)
            ? gate.Field
            : null;

    /// <summary>
    /// The call a branch value tests as a spin lock's acquisition (<see cref="SpinGate"/>, before its location is asked),
    /// and whether the value true means acquired; null for any other test. The candidate scan asks the same of the
    /// operation tree (<see cref="OrderedWrites.AcquiresSpinLock"/>), so it never takes for an acquisition what the
    /// dataflow does not.
    /// </summary>
    internal static IInvocationOperation? SpinAcquisition(IOperation branch, System.Func<IOperation, IOperation> resolve, out bool acquiredWhen)
    {
        acquiredWhen = true;
        var (tested, whenTrue) = Unnegate(branch, resolve);
        if (tested is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison)
        {
            return null;
        }

        var left = Strip(comparison.LeftOperand, resolve);
        var right = Strip(comparison.RightOperand, resolve);
        var (call, constant) = left is IInvocationOperation ? (left as IInvocationOperation, right) : (right as IInvocationOperation, left);
        if (call is not { TargetMethod.ContainingType.Name: "Interlocked", TargetMethod.Name: "CompareExchange" or "Exchange" or "Increment" or "Add" } || !constant.ConstantValue.HasValue
            || call.Arguments.Length < (call.TargetMethod.Name == "Increment" ? 1 : 2))
        {
            return null;
        }

        if (call.TargetMethod.Name == "CompareExchange" && (call.Arguments.Length < 3 || !Equals(call.Arguments[2].Value.ConstantValue, constant.ConstantValue)))
        {
            return null; // the old value compared with something other than the comparand: not a test of success
        }

        // A work-in-progress counter (docs/design.md §7): raised from 0 to 1, `Interlocked.Increment(ref wip) == 1` (or
        // `Add(ref wip, 1)`), is taken; any other result leaves the body to the thread that holds it.
        if (call.TargetMethod.Name is "Increment" or "Add" && (!IsInteger(constant, 1) || (call.TargetMethod.Name == "Add" && !IsInteger(Strip(call.Arguments[1].Value, resolve), 1))))
        {
            return null;
        }

        acquiredWhen = (comparison.OperatorKind == BinaryOperatorKind.Equals) == whenTrue;
        return call;
    }

    private IOperation Strip(IOperation operation) => Strip(operation, _resolve);

    /// <summary>The value of an integer constant (of a type whose values fit a <c>long</c>), else null.</summary>
    private static long? IntegerValue(IOperation operation) => operation.ConstantValue is { HasValue: true, Value: var constant } ? constant switch
    {
        int i => i,
        long l => l,
        uint u => u,
        short h => h,
        _ => null,
    } : null;

    private static bool IsInteger(IOperation operation, long value) => IntegerValue(operation) == value;

    /// <summary>
    /// The release of a work-in-progress counter this block's branch tests (docs/design.md §7): the branch compares with 0
    /// the result of <c>Interlocked.Decrement(ref wip)</c> or <c>Interlocked.Add(ref wip, -n)</c>, written in the branch
    /// or assigned to a local by the block's last operation (<c>missed = Interlocked.Add(ref wip, -missed); if (missed ==
    /// 0) break;</c>), on a gate a tested increment takes. The counter is let go only where the result is 0; where it is
    /// not, others raised it while the body ran, and the thread that holds it goes round again for what they announced.
    /// </summary>
    private (IInvocationOperation Call, LockId Gate, bool ZeroWhen)? CounterRelease(BasicBlock block, IOperation branch)
    {
        if (_scope.Facts.SpinGates.Count == 0)
        {
            return null;
        }

        if (TestedRelease(branch, block.Operations.LastOrDefault(), _resolve, out var zeroWhen) is not { } call
            || OperationLocations.OfVariable(call.Arguments[0].Value, this) is not { Kind: MemoryLocationKind.Field, Receiver: ReceiverKind.This or ReceiverKind.Static } gate
            || !_scope.Facts.SpinGates.Contains(gate.Field.OriginalDefinition))
        {
            return null;
        }

        return (call, new LockId(gate.Field, isThis: false), zeroWhen);
    }

    /// <summary>
    /// The release of a counter a branch tests, whatever its gate (<see cref="CounterRelease"/>; the candidate scan asks the
    /// same of a member's text, docs/design.md §8 "Critical sections in the scan"): a comparison with 0 of the result of
    /// <c>Interlocked.Decrement</c> or of an <c>Interlocked.Add</c> of a negative amount, written in the branch or
    /// assigned to a local by <paramref name="previous"/>, the operation right before the test; with the edge on which the
    /// result was 0.
    /// </summary>
    internal static IInvocationOperation? TestedRelease(IOperation branch, IOperation? previous, System.Func<IOperation, IOperation> resolve, out bool zeroWhen)
    {
        zeroWhen = false;
        var (tested, whenTrue) = Unnegate(branch, resolve);
        if (tested is not IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison)
        {
            return null;
        }

        var left = Strip(comparison.LeftOperand, resolve);
        var right = Strip(comparison.RightOperand, resolve);
        var value = IsInteger(left, 0) ? right : IsInteger(right, 0) ? left : null;
        if (value is ILocalReferenceOperation local && previous is not null
            && (previous is IExpressionStatementOperation statement ? statement.Operation : previous) is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment
            && SymbolEqualityComparer.Default.Equals(target.Local, local.Local))
        {
            value = Strip(assignment.Value, resolve);
        }

        if (value is not IInvocationOperation { TargetMethod.ContainingType.Name: "Interlocked", TargetMethod.Name: "Decrement" or "Add", Arguments.Length: > 0 } call
            || (call.TargetMethod.Name == "Add" && (call.Arguments.Length < 2 || !IsNegative(Strip(call.Arguments[1].Value, resolve)))))
        {
            return null;
        }

        zeroWhen = (comparison.OperatorKind == BinaryOperatorKind.Equals) == whenTrue;
        return call;
    }

    /// <summary>A negated value (<c>-missed</c>) or a negative constant: what an <c>Interlocked.Add</c> that gives back work adds.</summary>
    private static bool IsNegative(IOperation operation) => operation is IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus } || IntegerValue(operation) < 0;

    /// <summary>
    /// Whether a call raises a work-in-progress counter: <c>Interlocked.Increment</c>, or an <c>Interlocked.Add</c> of a
    /// positive constant. Raising the counter announces work and lets go of nothing, tested or not (docs/design.md §7); the
    /// candidate scan asks the same (<see cref="OrderedWrites"/>).
    /// </summary>
    internal static bool RaisesCounter(IInvocationOperation call) =>
        call.TargetMethod is { ContainingType.Name: "Interlocked", Name: "Increment" or "Add" } && call.Arguments.Length > 0
        && (call.TargetMethod.Name == "Increment" || (call.Arguments.Length > 1 && IntegerValue(Strip(call.Arguments[1].Value, AsWritten)) > 0));

    private static IOperation Strip(IOperation operation, System.Func<IOperation, IOperation> resolve)
    {
        var op = resolve(operation);
        while (op is IConversionOperation conversion)
        {
            op = resolve(conversion.Operand);
        }

        return op;
    }

    /// <summary>
    /// A call that enters or leaves a lock of the acquire-then-try-finally-release idiom (<see cref="LockIdiom"/>),
    /// bound or not (a lock type from a package that did not load leaves an invalid operation): its operands, then the
    /// lock step. False, adding nothing, for any other call.
    /// </summary>
    private bool GuardStep(IOperation call, List<MemoryStep> steps)
    {
        if (_scope.Facts.GuardCalls.Count == 0 || !_scope.Facts.GuardCalls.TryGetValue(call.Syntax, out var guard))
        {
            return false;
        }

        VisitChildren(call, steps);
        steps.Add(guard.Enters ? MemoryStep.ForLockEnter(guard.Lock, call.Syntax) : MemoryStep.ForLockExit(guard.Lock, call.Syntax));
        return true;
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
            Add(effect, steps, _use.Of(property));
            return;
        }

        if (BackingField(property.Property) is not null)
        {
            Read(property, steps, _use.Of(property));
            return;
        }

        if (property.Property.GetMethod is { } getter && _scope.Target(getter, property.Instance) is { } runs)
        {
            steps.Add(MemoryStep.ForCall(runs, property.Syntax, OnThis(property.Instance), valueDecides: true));
        }
        else if (property.Property.GetMethod is { } foreignGetter && HolderOf(property.Instance, foreignGetter) is { } holder)
        {
            steps.Add(MemoryStep.ForForeignCall(foreignGetter, property.Syntax, holder, valueDecides: true));
        }
    }

    /// <param name="success">Where the steps that happen only when the call returns true go; null to take them on every path.</param>
    private void VisitInvocation(IInvocationOperation invocation, List<MemoryStep> steps, List<MemoryStep>? success)
    {
        if (GuardStep(invocation, steps))
        {
            return;
        }

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
            // A counter's increment lets go of nothing, nor does its tested decrement but on the edge where it reached 0 (Build).
            Add(effect, steps, _use.Of(invocation), success, keepsGate: RaisesCounter(invocation) || ReferenceEquals(invocation.Syntax, _testedRelease));
            if (effect.Started.Count > 0)
            {
                Start(effect.Started, invocation.Syntax, steps);
            }

            if (invocation.TargetMethod.Name is "Join" or "Wait" or "WaitAll")
            {
                Join(invocation.Instance, invocation.Syntax, steps);
                foreach (var argument in invocation.Arguments)
                {
                    Join(argument.Value, invocation.Syntax, steps);
                }
            }
        }
        else if (_scope.Target(invocation.TargetMethod, invocation.Instance) is { } runs)
        {
            // A method of this type (summarized with the type; a virtual call on this, the override that runs).
            var decides = !invocation.TargetMethod.ReturnsVoid && _use.Of(invocation).Decides();
            steps.Add(MemoryStep.ForCall(runs, invocation.Syntax, OnThis(invocation.Instance), valueDecides: decides,
                refArguments: BindsReferences(decides) ? RefArguments(invocation) : default));
        }
        else if (!invocation.TargetMethod.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty)
        {
            // A method of another type in source: its fences count, and the delegates it hands on to a start or a
            // callback registration run elsewhere.
            var decides = !invocation.TargetMethod.ReturnsVoid && _use.Of(invocation).Decides();
            // At the default level a method's own stores, and loads whose value decides nothing here, are the callee's
            // business (StoreInCallee, CheckInCallee: docs/design.md §6): only its fences matter then.
            var holder = decides || _scope.Audit ? HolderOf(invocation.Instance, invocation.TargetMethod) : null;
            steps.Add(MemoryStep.ForForeignCall(invocation.TargetMethod, invocation.Syntax, holder, decides, refArguments: BindsReferences(decides) ? RefArguments(invocation) : default));
            if (invocation.Arguments.Any(a => a.Value.Type?.TypeKind == TypeKind.Delegate))
            {
                var ordinals = _scope.Callees.StartedParameters(invocation.TargetMethod, default);
                if (!ordinals.IsEmpty)
                {
                    Start(invocation.Arguments.Where(a => a.Parameter is { } p && ordinals.Contains(p.Ordinal)).Select(a => a.Value).ToList(), invocation.Syntax, steps);
                }
            }
        }
        else if (invocation.TargetMethod.Name == "Start" && invocation.Instance is { } started && Handle(started) is { IsDefaultOrEmpty: false } handle)
        {
            steps.Add(MemoryStep.ForStart(handle, invocation.Syntax));
        }
    }

    /// <summary>
    /// Whether a call's by-reference arguments are bound for its summary (docs/design.md §5, "By-reference parameters"):
    /// at the default level only where the call's value decides here, as for a call on a field's object (what a callee
    /// stores, and loads whose value decides nothing here, are its business there, §6); in a callee read for a binding,
    /// always (a parameter passed on stays the caller's location).
    /// </summary>
    private bool BindsReferences(bool decides) => decides || _scope.Audit || !_refParameters.IsEmpty;

    /// <summary>
    /// The shared locations a call into a method in source passes by reference (<c>ref</c>, <c>in</c>, <c>ref
    /// readonly</c>): fields of this object, static fields, fields of an object a field holds (docs/design.md §5,
    /// "By-reference parameters"). An <c>out</c> argument is only written by the callee before it is read, and other
    /// objects' fields are no location the callee's summary keeps.
    /// </summary>
    private ImmutableArray<RefArgument> RefArguments(IInvocationOperation invocation)
    {
        ImmutableArray<RefArgument>.Builder? arguments = null;
        foreach (var argument in invocation.Arguments)
        {
            if (argument.Parameter is { RefKind: RefKind.Ref or RefKind.In or RefKind.RefReadOnlyParameter } parameter
                && OperationLocations.OfVariable(argument.Value, this) is { Kind: MemoryLocationKind.Field, Receiver: not ReceiverKind.Other } location)
            {
                (arguments ??= ImmutableArray.CreateBuilder<RefArgument>()).Add(new RefArgument(parameter.Ordinal, location));
            }
        }

        return arguments?.ToImmutable() ?? ImmutableArray<RefArgument>.Empty;
    }

    /// <summary>Whether a call's receiver is this object (or there is none: a static method).</summary>
    private bool OnThis(IOperation? instance) => instance is null || OperationLocations.ReceiverOf(instance, this, 0).Kind == ReceiverKind.This;

    /// <summary>
    /// The field holding the object a call into another type runs on, when the callee's accesses of its own fields are
    /// that object's and Fencer can name them (docs/design.md §5, "Calls on a field's object"): an instance method of a
    /// type whose text shows sharing, on the object held in a field of this (or a static field), read directly or
    /// through a local copy; a struct only in place (a copy, or a readonly field's defensive copy, is not where it lives);
    /// not an indexer (it acts on an entry, and Fencer cannot tell keys apart: a keyed collection's entries, §5).
    /// </summary>
    private IFieldSymbol? HolderOf(IOperation? instance, IMethodSymbol callee)
    {
        if (instance is null || callee.IsStatic || callee.AssociatedSymbol is IPropertySymbol { IsIndexer: true }
            || _scope.Declares(callee.ContainingType) || !_scope.Callees.MapsAccesses(callee, _scope.Settings))
        {
            return null;
        }

        if (OperationLocations.ReceiverOf(instance, this, 0) is not { Kind: ReceiverKind.FieldValue, Holder: { } holder })
        {
            return null;
        }

        if (holder.Type.IsValueType && (holder.IsReadOnly || Resolve(instance) is not (IFieldReferenceOperation or IPropertyReferenceOperation)))
        {
            return null;
        }

        return holder.OriginalDefinition;
    }

    /// <param name="keepsGate">Whether the call's store to a gate lets go of nothing (<see cref="AddStep"/>).</param>
    private void Add(KnownEffect effect, List<MemoryStep> steps, LoadUse use, List<MemoryStep>? success = null, bool keepsGate = false)
    {
        foreach (var step in effect.Steps)
        {
            AddStep(step.WithUse(use), steps, keepsGate);
        }

        foreach (var step in effect.OnSuccess)
        {
            // With no branch testing the call here, what it does on success happens here: a try-enter whose result is
            // kept in a local (`var taken = Monitor.TryEnter(_gate, t); … if (taken) …`) holds the lock from here, as
            // the local's test is not followed (design §7).
            AddStep(step.WithUse(use), success ?? steps, keepsGate);
        }
    }

    /// <summary>Every access goes through here: another object's field is a location at the audit level only.</summary>
    /// <param name="keepsGate">Whether a store to a gate lets go of nothing: a counter's increment, or its tested decrement.</param>
    private void AddStep(MemoryStep step, List<MemoryStep> steps, bool keepsGate = false)
    {
        if (step.Access is { } access)
        {
            if (access.Location.Receiver == ReceiverKind.Other && !_scope.Audit)
            {
                return;
            }

            if (!keepsGate && access.Kind == AccessKind.Store && access.Location.Kind == MemoryLocationKind.Field && _scope.Facts.SpinGates.Contains(access.Location.Field.OriginalDefinition))
            {
                // A store to a spin lock's gate releases the lock (after the store, which is the release).
                steps.Add(step);
                steps.Add(MemoryStep.ForLockExit(new LockId(access.Location.Field, isThis: false), step.Syntax));
                return;
            }
        }

        steps.Add(step);
    }

    /// <param name="subscribed">Whether the bodies are event handlers, which run after this step but give no sign of running concurrently (<see cref="Body.Subscribes"/>).</param>
    private void Start(List<IOperation> started, SyntaxNode syntax, List<MemoryStep> steps, bool subscribed = false)
    {
        var bodies = started.Select(DelegateTarget).Where(t => t is not null).Select(t => t!).ToImmutableArray();
        if (bodies.IsEmpty)
        {
            return;
        }

        (subscribed ? _subscribes : _starts).UnionWith(bodies);
        steps.Add(MemoryStep.ForStart(bodies, syntax));
    }

    /// <summary>Waiting for <paramref name="waited"/> (a thread or task variable, or the start call itself): the bodies it runs happen before what follows.</summary>
    private void Join(IOperation? waited, SyntaxNode syntax, List<MemoryStep> steps)
    {
        if (waited is not null && Handle(waited) is { IsDefaultOrEmpty: false } bodies)
        {
            steps.Add(MemoryStep.ForJoin(bodies, syntax));
        }
    }

    /// <summary>The bodies a thread or task value runs: a variable assigned a start, or the start itself.</summary>
    private ImmutableArray<IMethodSymbol> Handle(IOperation value)
    {
        if (_handles is null)
        {
            _handles = new Dictionary<ISymbol, ImmutableArray<IMethodSymbol>>(SymbolEqualityComparer.Default);
            foreach (var (holder, assigned) in _handleAssignments)
            {
                var bodies = StartedBy(assigned);
                if (!bodies.IsEmpty)
                {
                    _handles[holder] = _handles.TryGetValue(holder, out var previous) ? previous.AddRange(bodies) : bodies;
                }
            }
        }

        var op = Strip(value);
        if (op is IArrayCreationOperation { Initializer: { } initializer })
        {
            return initializer.ElementValues.SelectMany(v => Handle(v)).ToImmutableArray();
        }

        ISymbol? symbol = op switch
        {
            ILocalReferenceOperation local => local.Local,
            IFieldReferenceOperation field => field.Field,
            _ => null,
        };
        return symbol is not null && _handles.TryGetValue(symbol, out var known) ? known : StartedBy(op);
    }

    private ImmutableArray<IMethodSymbol> StartedBy(IOperation value)
    {
        var op = Strip(value);
        var started = op switch
        {
            IObjectCreationOperation creation => _scope.Knowledge.Describe(creation)?.Started,
            IInvocationOperation invocation => _scope.Knowledge.Describe(invocation, this)?.Started,
            _ => null,
        };
        return started is null ? NoBodies : started.Select(DelegateTarget).Where(t => t is not null).Select(t => t!).ToImmutableArray();
    }

    private void Read(IOperation variable, List<MemoryStep> steps, LoadUse use) => Access(variable, AccessKind.Load, steps, use: use);

    /// <summary>A store to <paramref name="target"/>, anchored at the whole assignment so diagnostics and fixes see the statement's expression.</summary>
    private void Write(IOperation target, List<MemoryStep> steps, SyntaxNode? anchor = null)
    {
        if (target is IPropertyReferenceOperation property && BackingField(property.Property) is null)
        {
            if (property.Property.SetMethod is { } setter && _scope.Target(setter, property.Instance) is { } runs)
            {
                steps.Add(MemoryStep.ForCall(runs, anchor ?? property.Syntax, OnThis(property.Instance), below: property.Syntax));
            }
            else if (property.Property.SetMethod is { } foreignSetter && HolderOf(property.Instance, foreignSetter) is { } holder)
            {
                steps.Add(MemoryStep.ForForeignCall(foreignSetter, anchor ?? property.Syntax, holder, valueDecides: false, below: property.Syntax));
            }

            return;
        }

        Access(target, AccessKind.Store, steps, anchor);
    }

    /// <param name="assignment">The deconstruction: a property's setter among its targets is written there.</param>
    private void WriteLeaves(IOperation target, List<MemoryStep> steps, SyntaxNode assignment)
    {
        if (target is ITupleOperation tuple)
        {
            foreach (var element in tuple.Elements)
            {
                WriteLeaves(element, steps, assignment);
            }

            return;
        }

        if (target is IDeclarationExpressionOperation)
        {
            return;
        }

        Write(target, steps, target is IPropertyReferenceOperation ? assignment : null);
    }

    /// <param name="use">What a load's value is used for; null: follow the value (only once the load is known to be of a location).</param>
    private void Access(IOperation variable, AccessKind kind, List<MemoryStep> steps, SyntaxNode? anchor = null, LoadUse? use = LoadUse.Decides)
    {
        if (OperationLocations.OfVariable(variable, this) is not { } location
            || (location.Receiver == ReceiverKind.Other && !_scope.Audit))
        {
            return;
        }

        var isVolatile = location.Kind == MemoryLocationKind.Field && location.Field.IsVolatile;
        var ordering = !isVolatile ? AccessOrdering.Plain : kind == AccessKind.Load ? AccessOrdering.Acquire : AccessOrdering.Release;
        var loadUse = kind != AccessKind.Load ? LoadUse.Decides : use ?? _use.Of(variable);
        AddStep(MemoryStep.ForAccess(location, kind, ordering, anchor ?? variable.Syntax, loadUse), steps);
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
            IMethodReferenceOperation method => (_scope.Target(method.Method, method.Instance) ?? method.Method).OriginalDefinition, // `new Thread(Run)` runs the override
            IFieldReferenceOperation => _scope.Facts.DelegateFieldTarget(op), // `static readonly Action<object> s_run = Run;`
            _ => null,
        };
    }
}
