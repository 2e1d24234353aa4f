using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// Which stores a full fence follows on every path, in the candidate scan's reading of a member's text (docs/design.md
/// §8, "Cost": "Fences after a store"): a store that is the last thing its statement does, followed in its block by
/// statements that make no access of the pair's other field the dataflow follows (<see cref="Fences"/>' <c>Inert</c>),
/// and then by a statement whose first effect is a full fence — an <c>Interlocked</c> operation, a memory barrier, or a call on this object of a member whose first
/// statement begins so (<c>Volatile.Write(ref _done, true); Drain();</c> with <c>Drain</c> entering through
/// <c>Interlocked.Increment(ref _wip)</c>). Every half starting with such a store has a full fence between its two
/// accesses, as the dataflow finds it (§2, §4), so a pair each of whose halves does closes no cycle.
/// </summary>
internal static partial class CandidateScan
{
    /// <summary>The stores a full fence follows, found as pairs ask about them (docs/design.md §8, "Fences after a store").</summary>
    private sealed class Fences
    {
        /// <summary>How deep the scan follows calls to a fence at a callee's entry (the dataflow follows them further, §8).</summary>
        private const int CallDepth = 2;

        private readonly Dictionary<IMethodSymbol, Member> _bySymbol;
        private readonly TypeScope _scope;
        private readonly Dictionary<(IOperation, ISymbol), bool> _after = new(WriteComparer.Instance);
        private readonly Dictionary<(Member, int), bool> _atEntry = new();

        public Fences(Dictionary<IMethodSymbol, Member> bySymbol, TypeScope scope)
        {
            _bySymbol = bySymbol;
            _scope = scope;
        }

        /// <summary>
        /// Whether a full fence lies between <paramref name="write"/> and every later access of <paramref name="other"/>
        /// (and every later store, the R shape's other half): the write is the last effect of its expression statement,
        /// and the statements that follow it (leaving the blocks and <c>if</c> statements around it, never a loop's
        /// body) reach one that begins with a full fence through statements that make no access of
        /// <paramref name="other"/> the dataflow follows (<c>Inert</c>). Found once per write and field.
        /// </summary>
        public bool After(Member? member, IOperation write, ISymbol other)
        {
            if (member is null)
            {
                return false;
            }

            if (!_after.TryGetValue((write, other), out var known))
            {
                _after[(write, other)] = known = Follows(member, write, other);
            }

            return known;
        }

        private bool Follows(Member member, IOperation write, ISymbol other)
        {
            if (StoreStatement(write) is not { } current)
            {
                return false;
            }

            while (true)
            {
                switch (current.Parent)
                {
                    case IBlockOperation block:
                        for (var i = block.Operations.IndexOf(current) + 1; i < block.Operations.Length; i++)
                        {
                            var next = block.Operations[i];
                            if (BeginsWithFence(next, 0))
                            {
                                return true;
                            }

                            if (!Inert(member, next, other))
                            {
                                return false;
                            }
                        }

                        if (HasUsingDeclaration(block))
                        {
                            return false; // leaving the block disposes what it declared: a call
                        }

                        current = block;
                        break;
                    case IConditionalOperation conditional when !ReferenceEquals(conditional.Condition, current):
                        current = conditional; // the end of a branch goes on after the `if`
                        break;
                    default:
                        return false; // the end of a body, a loop's body (its condition comes next), a handler, a `lock`
                }
            }
        }

        /// <summary>
        /// The expression statement whose last effect is the store at <paramref name="write"/>: an assignment, an increment
        /// or a compound assignment of the field, or an ordered store of it (<c>Volatile.Write(ref _f, v)</c>), whose
        /// operands are all evaluated before it; null for any other write.
        /// </summary>
        private IOperation? StoreStatement(IOperation write)
        {
            var store = write.Parent switch
            {
                IAssignmentOperation assignment when ReferenceEquals(assignment.Target, write) => assignment,
                IIncrementOrDecrementOperation increment when ReferenceEquals(increment.Target, write) => increment,
                IArgumentOperation { Parent: IInvocationOperation call } argument when !call.Arguments.IsEmpty && ReferenceEquals(call.Arguments[0], argument)
                    && _scope.Knowledge.OnlyStores(call.TargetMethod) => call,
                _ => (IOperation?)null,
            };
            return store?.Parent as IExpressionStatementOperation;
        }

        /// <summary>
        /// Whether a statement's first effect is a full fence: an expression statement, an <c>if</c> or <c>while</c>
        /// condition, a return or a single local's initializer whose first operation evaluated is one (<see cref="FirstIsFence"/>).
        /// </summary>
        private bool BeginsWithFence(IOperation statement, int depth) => statement switch
        {
            IExpressionStatementOperation expression => FirstIsFence(expression.Operation, depth),
            IConditionalOperation conditional => FirstIsFence(conditional.Condition, depth),
            IWhileLoopOperation { ConditionIsTop: true, Condition: { } condition } => FirstIsFence(condition, depth),
            IReturnOperation { ReturnedValue: { } value } => FirstIsFence(value, depth),
            IVariableDeclarationGroupOperation { Declarations: { Length: 1 } declarations } when declarations[0] is { Initializer: null, Declarators: { Length: 1 } declarators }
                && declarators[0].Initializer is { } initializer => FirstIsFence(initializer.Value, depth),
            _ => false,
        };

        /// <summary>
        /// Whether the first thing <paramref name="operation"/> does is a full fence: an <c>Interlocked</c> operation on a
        /// field of this object or a static one, or a full or process-wide barrier, with no argument that can throw or
        /// load a field that changes; or a call on this object, with such arguments, of a member of the scope no override
        /// can replace whose first statement begins with one. Through the left operand of an operator, a conversion, a
        /// negation, a pattern test, a <c>?.</c> and an assignment to a local.
        /// </summary>
        private bool FirstIsFence(IOperation operation, int depth)
        {
            switch (operation)
            {
                case IInvocationOperation call:
                    var method = call.TargetMethod;
                    if (_scope.Knowledge.IsReadModifyWrite(method))
                    {
                        return call.Arguments.Length > 0 && OwnField(call.Arguments[0].Value) && InertArguments(call, from: 1);
                    }

                    if (_scope.Knowledge.IsExplicitBarrier(method))
                    {
                        return _scope.Knowledge.IsFullBarrier(method);
                    }

                    return depth < CallDepth && call.Instance is null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
                        && method.MethodKind == MethodKind.Ordinary && !method.IsVirtual && !method.IsAbstract && !method.IsOverride
                        && (method.ReturnsVoid || method.ReturnType.IsValueType) // no iterator: its body runs later
                        && _bySymbol.TryGetValue(method.OriginalDefinition, out var callee) && InertArguments(call, from: 0)
                        && AtEntry(callee, depth + 1);
                default:
                    return FirstOperand(operation) is { } first && FirstIsFence(first, depth);
            }
        }

        /// <summary>
        /// The operand an operation evaluates before anything else of its own: an operator's left operand, what a
        /// conversion, a negation, parentheses, a pattern test or a <c>?.</c> apply to, the value assigned to a local.
        /// </summary>
        private static IOperation? FirstOperand(IOperation operation) => operation switch
        {
            IBinaryOperation binary => binary.LeftOperand,
            IConversionOperation conversion => conversion.Operand,
            IParenthesizedOperation parenthesized => parenthesized.Operand,
            IUnaryOperation unary => unary.Operand,
            IIsPatternOperation pattern => pattern.Value,
            IConditionalAccessOperation access => access.Operation,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation } assignment => assignment.Value,
            _ => null,
        };

        /// <summary>
        /// Whether a member's first statement begins with a full fence, reached <paramref name="depth"/> calls deep (found
        /// once per member and depth, so the answer does not depend on which caller asked first; a cycle of calls does not).
        /// </summary>
        private bool AtEntry(Member callee, int depth)
        {
            if (_atEntry.TryGetValue((callee, depth), out var known))
            {
                return known;
            }

            _atEntry[(callee, depth)] = false; // while being found
            var found = BodyBlock(callee.Root) is { Operations: { Length: > 0 } operations } && BeginsWithFence(operations[0], depth);
            _atEntry[(callee, depth)] = found;
            return found;
        }

        /// <summary>
        /// Whether a statement between a store and its fence makes no access of <paramref name="other"/> the dataflow
        /// follows, and leaves nothing out of the way to the fence: an empty statement; a store of an inert value
        /// (<see cref="Inert(IOperation)"/>) into a local, or into a field of this object or a static one apart from
        /// <paramref name="other"/> (assigned, or with <c>Volatile.Write</c>); locals initialised with quiet values
        /// (<see cref="Quiet"/>); a block of such statements; an <c>if</c> with a quiet condition whose branches are such
        /// statements; or a call on the object another field holds (<c>downstream.OnError(ex)</c>), with quiet arguments
        /// passed by value, that Fencer does not read as touching this object: as the dataflow takes such a call (§5,
        /// "Receivers"), only that object's state, its static fields and its fences are the caller's. Such a call may
        /// throw: the throw leaves the member, or enters a handler whose paths are error handling the default level does
        /// not report (§6), so it leaves no path to <paramref name="other"/> the default level reads.
        /// </summary>
        private bool Inert(Member member, IOperation statement, ISymbol other)
        {
            switch (statement)
            {
                case IEmptyOperation:
                    return true;
                case IExpressionStatementOperation { Operation: ISimpleAssignmentOperation { IsRef: false } assignment }:
                    return Stored(assignment.Target, other) && Inert(assignment.Value);
                case IExpressionStatementOperation { Operation: IInvocationOperation call }
                    when call.Arguments.Length > 0 && _scope.Knowledge.OnlyStores(call.TargetMethod):
                    return Stored(call.Arguments[0].Value, other) && InertArguments(call, from: 1);
                case IExpressionStatementOperation { Operation: IInvocationOperation { Instance: { Type: { IsReferenceType: true, TypeKind: not TypeKind.Delegate } held } instance } call }
                    when HeldField(member, instance) is { } receiver:
                    return !call.TargetMethod.IsStatic && OwnField(receiver) && !Touches(receiver, other) && !_scope.Knowledge.HoldsSharedState(held)
                        && call.Arguments.All(a => a.ArgumentKind != ArgumentKind.ParamArray && a.Parameter?.RefKind is null or RefKind.None && Quiet(a.Value, other));
                case IVariableDeclarationGroupOperation group:
                    return group.Declarations.All(d => d.Initializer is null && d.Declarators.All(v => v.Initializer is null || Quiet(v.Initializer.Value, other)));
                case IBlockOperation block:
                    return block.Operations.All(o => Inert(member, o, other)); // a `using` declaration is no such statement
                case IConditionalOperation conditional:
                    return Quiet(conditional.Condition, other) && Inert(member, conditional.WhenTrue, other) && (conditional.WhenFalse is null || Inert(member, conditional.WhenFalse, other));
                default:
                    return false;
            }
        }

        /// <summary>
        /// Whether evaluating a value can neither throw nor access <paramref name="other"/>: an inert value
        /// (<see cref="Inert(IOperation)"/>), a load of a field of this object or a static one apart from it (plain, or
        /// with <c>Volatile.Read</c>), or a comparison, a logical operator, a negation or an implicit conversion of such values.
        /// </summary>
        private bool Quiet(IOperation value, ISymbol other) => value switch
        {
            IFieldReferenceOperation field => OwnField(field) && !Touches(field, other),
            IInvocationOperation { Arguments: { Length: 1 } arguments } load when _scope.Knowledge.OnlyLoads(load.TargetMethod) =>
                OwnField(arguments[0].Value) && !Touches(arguments[0].Value, other),
            IBinaryOperation { OperatorMethod: null } binary when binary.OperatorKind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals
                or BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual
                or BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr => Quiet(binary.LeftOperand, other) && Quiet(binary.RightOperand, other),
            IUnaryOperation { OperatorMethod: null, OperatorKind: UnaryOperatorKind.Not } unary => Quiet(unary.Operand, other),
            IConversionOperation { IsImplicit: true } conversion => Quiet(conversion.Operand, other),
            _ => Inert(value),
        };

        /// <summary>
        /// The field a call's receiver reads: the field itself, or a local given one value in its body, a copy of a field
        /// (<c>var downstream = this.downstream;</c>), as the dataflow follows locals to their values (§5; the walk's
        /// <see cref="LocalValues"/>: a local set again, or passed by reference, holds no one value).
        /// </summary>
        private static IFieldReferenceOperation? HeldField(Member member, IOperation receiver) => receiver switch
        {
            IFieldReferenceOperation field => field,
            ILocalReferenceOperation local when member.Locals.Value(local, out var value) == LocalValues.Kind.One
                => TypeFacts.Unwrap(value!) as IFieldReferenceOperation,
            _ => null,
        };

        /// <summary>Whether a store's target is a local, or a field of this object or a static one apart from <paramref name="other"/>.</summary>
        private static bool Stored(IOperation target, ISymbol other) => target switch
        {
            ILocalReferenceOperation => true,
            IFieldReferenceOperation field => OwnField(field) && !Touches(field, other),
            _ => false,
        };

        /// <summary>Whether a field's access path (<c>_holder.Value</c>: the field and the struct fields holding it) names <paramref name="other"/>.</summary>
        private static bool Touches(IOperation path, ISymbol other)
        {
            for (var current = path as IFieldReferenceOperation; current is not null; current = current.Instance as IFieldReferenceOperation)
            {
                if (SymbolEqualityComparer.Default.Equals(current.Field.OriginalDefinition, other.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether the arguments from <paramref name="from"/> on are inert values (<see cref="Inert(IOperation)"/>).</summary>
        private static bool InertArguments(IInvocationOperation call, int from)
        {
            for (var i = from; i < call.Arguments.Length; i++)
            {
                if (call.Arguments[i].ArgumentKind == ArgumentKind.ParamArray || !Inert(call.Arguments[i].Value))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// Whether evaluating a value can neither throw nor load a location a side stores: a constant, a local, a
        /// parameter, <c>this</c>, a default, a read-only field (stored only in constructors, which are no sides), a
        /// negation or an implicit conversion of one.
        /// </summary>
        private static bool Inert(IOperation value) => value switch
        {
            ILiteralOperation or ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation or IDefaultValueOperation => true,
            IFieldReferenceOperation { Field: { IsConst: true } or { IsReadOnly: true } } field => field.Instance is null or IInstanceReferenceOperation,
            IConversionOperation { IsImplicit: true } conversion => Inert(conversion.Operand),
            IUnaryOperation { OperatorKind: UnaryOperatorKind.Minus or UnaryOperatorKind.Not or UnaryOperatorKind.BitwiseNegation } unary => Inert(unary.Operand),
            _ => value.ConstantValue.HasValue,
        };

        /// <summary>Whether a location is a field of this object or a static one, or a field of a struct such a field holds.</summary>
        private static bool OwnField(IOperation operation) => operation is IFieldReferenceOperation field
            && (field.Instance is null or IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }
                || (field.Instance is IFieldReferenceOperation { Type.IsValueType: true } holder && OwnField(holder)));

        /// <summary>Whether a block declares something a <c>using</c> declaration disposes at its end.</summary>
        private static bool HasUsingDeclaration(IBlockOperation block) => block.Operations.Any(s => s is IUsingDeclarationOperation);
    }

    /// <summary>Compares a write (by identity) with the field asked about (by symbol).</summary>
    private sealed class WriteComparer : IEqualityComparer<(IOperation, ISymbol)>
    {
        public static readonly WriteComparer Instance = new();

        public bool Equals((IOperation, ISymbol) x, (IOperation, ISymbol) y) =>
            ReferenceEquals(x.Item1, y.Item1) && SymbolEqualityComparer.Default.Equals(x.Item2, y.Item2);

        public int GetHashCode((IOperation, ISymbol) obj) => (System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Item1) * 397) ^ SymbolEqualityComparer.Default.GetHashCode(obj.Item2);
    }
}
