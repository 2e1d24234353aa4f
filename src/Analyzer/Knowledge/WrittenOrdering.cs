using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Knowledge;

/// <summary>
/// What the analysis knows about one access or call as it is written, for the fixes (docs/design.md §10, "One
/// semantics layer"): whether a call is a barrier and how strong, whether it is a read-modify-write, whether an access
/// is already ordered. The answers come from <see cref="CallKnowledge"/>, the same place the dataflow reads, so a fix
/// never disagrees with the diagnostic it fixes about what a call does.
/// </summary>
internal sealed class WrittenOrdering
{
    private readonly CallKnowledge _knowledge = new(WellKnownSymbols.Instance);

    /// <summary>
    /// The barrier <paramref name="operation"/> is: <see cref="Protection.Full"/> (<c>MemoryBarrier</c>),
    /// <see cref="Protection.Heavy"/> (a process-wide barrier), <see cref="Protection.Compiler"/>
    /// (<c>AsymmetricBarrier.Light</c>), or null when it is no explicit barrier call.
    /// </summary>
    public Protection? Barrier(IOperation? operation)
    {
        if (Effect(operation) is not { } effect)
        {
            return null;
        }

        var barriers = effect.Steps.Where(s => s.Kind == StepKind.Fence && s.IsDeliberate).ToList();
        return barriers.Count == 0 ? null : barriers.Max(s => s.Fence);
    }

    /// <summary>Whether <paramref name="operation"/> is a read-modify-write (<c>Interlocked.*</c> on a location): a full fence with an access.</summary>
    public bool IsReadModifyWrite(IOperation? operation) => Effect(operation)?.Ordering == AccessOrdering.ReadModifyWrite;

    /// <summary>
    /// Whether <paramref name="operation"/> is an access the analysis reads as ordered already: an acquire load, a release
    /// store or a read-modify-write of a location (<c>Volatile.*</c>, <c>Interlocked.*</c>, a concurrent collection's
    /// emptiness, a signal's state).
    /// </summary>
    public bool IsOrderedAccess(IOperation? operation) => Effect(operation) is { Ordering: not AccessOrdering.Plain };

    private KnownEffect? Effect(IOperation? operation)
    {
        var context = new WrittenContext(operation?.SemanticModel);
        return operation switch
        {
            IInvocationOperation invocation => _knowledge.Describe(invocation, context),
            IPropertyReferenceOperation property => _knowledge.Describe(property, context),
            IExpressionStatementOperation statement => Effect(statement.Operation),
            IConversionOperation conversion => Effect(conversion.Operand),
            _ => null,
        };
    }

    /// <summary>
    /// A code fix reads one written expression, not a body's control-flow graph: a local stands for its initializer
    /// (<c>var q = _queue; q.IsEmpty</c>), and keyed collections count (the fix orders what the diagnostic named).
    /// </summary>
    private sealed class WrittenContext : IOperationContext
    {
        private readonly SemanticModel? _model;

        public WrittenContext(SemanticModel? model) => _model = model;

        public bool Audit => true;

        public IOperation Resolve(IOperation operation) => operation;

        public IFieldSymbol? BackingField(IPropertySymbol property) => null;

        public MemoryLocation? RefLocal(ILocalSymbol local) => null;

        public MemoryLocation? RefParameter(IParameterSymbol parameter) => null;

        public IOperation? LocalValue(ILocalSymbol local) =>
            _model is not null && local.DeclaringSyntaxReferences.Length == 1
            && local.DeclaringSyntaxReferences[0].GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: { } value }
            && value.SyntaxTree == _model.SyntaxTree
                ? _model.GetOperation(value)
                : null;

        public bool IsThis(IParameterSymbol parameter) => false;

        public bool IsMutex(IFieldSymbol semaphore) => false;
    }
}
