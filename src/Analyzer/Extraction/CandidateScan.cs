using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Fencer.Analyzer.Extraction;

/// <summary>
/// The cheap pass before any control-flow graph is built (docs/design.md §8, "Cost"): one walk of each member's
/// operation tree, by field symbol, over-approximating what it writes (assignment targets, <c>ref</c> arguments,
/// receivers of calls) and what it touches, with the members of the type it calls or references. A field pair
/// (f, g) can take part in a cycle only if some member (with its callees) writes f and touches g and some member
/// writes g and touches f. Only the members that write such a field (or start a body), their callers and their
/// callees get a control-flow graph; a type with no such pair gets none.
/// </summary>
internal static class CandidateScan
{
    public static IReadOnlyList<(IMethodSymbol Method, IOperation Root)> Relevant(IReadOnlyList<(IMethodSymbol Method, IOperation Root)> roots, TypeScope scope)
    {
        var members = new List<Member>();
        var bySymbol = new Dictionary<IMethodSymbol, Member>(SymbolEqualityComparer.Default);
        var shared = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var (method, root) in roots)
        {
            var member = Scan(method, root, scope, shared);
            members.Add(member);
            bySymbol[method.OriginalDefinition] = member;
        }

        // What a member does includes what the members it calls do: summed once per strongly connected component of
        // the call graph, callees first, so a long chain of helpers is not walked again from every caller.
        foreach (var component in StronglyConnected.Components(members, m => Callees(m, bySymbol)))
        {
            // A callee in the same component has not been summed yet (its effective sets are still empty): its own
            // sets are added as a member of the component.
            // The members of a summed component share one pair of sets: each is added once, however many calls lead to it.
            var written = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var touched = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var added = new HashSet<HashSet<ISymbol>>(); // a set's own identity: HashSet does not override Equals
            foreach (var member in component)
            {
                written.UnionWith(member.Written);
                touched.UnionWith(member.Touched);
                foreach (var callee in Callees(member, bySymbol))
                {
                    if (added.Add(callee.EffectiveWritten))
                    {
                        written.UnionWith(callee.EffectiveWritten);
                    }

                    if (added.Add(callee.EffectiveTouched))
                    {
                        touched.UnionWith(callee.EffectiveTouched);
                    }
                }
            }

            foreach (var member in component)
            {
                member.EffectiveWritten = written;
                member.EffectiveTouched = touched;
            }
        }

        var writers = new Dictionary<ISymbol, List<Member>>(SymbolEqualityComparer.Default);
        foreach (var member in members)
        {
            foreach (var field in member.EffectiveWritten)
            {
                if (!writers.TryGetValue(field, out var list))
                {
                    writers[field] = list = new List<Member>();
                }

                list.Add(member);
            }
        }

        // At the default level a cycle is reported only with evidence that its sides run concurrently (docs/design.md
        // §6): a started body, an explicit barrier call, both locations shared, or an atomic announcement (a
        // read-modify-write of one of them). With neither a start nor a barrier anywhere in the type, only pairs with
        // a field that may be shared can be reported: the rest need no dataflow.
        var sharedOnly = !scope.Audit && scope.Settings.Concurrency == Rules.AnalysisSettings.Default.Concurrency && !members.Any(m => m.MayStart || m.HasBarrier);
        // What the writers of each field touch: a pair (f, g) needs a writer of g that touches f.
        var touchedByWritersOf = new Dictionary<ISymbol, HashSet<ISymbol>>(SymbolEqualityComparer.Default);
        foreach (var entry in writers)
        {
            var touched = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var set in entry.Value.Select(writer => writer.EffectiveTouched).Distinct())
            {
                touched.UnionWith(set);
            }

            touchedByWritersOf[entry.Key] = touched;
        }

        var candidates = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var a in members)
        {
            foreach (var f in a.EffectiveWritten)
            {
                foreach (var g in a.EffectiveTouched)
                {
                    if (sharedOnly && !shared.Contains(f) && !shared.Contains(g))
                    {
                        continue;
                    }

                    if (!SymbolEqualityComparer.Default.Equals(f, g) && !(candidates.Contains(f) && candidates.Contains(g))
                        && touchedByWritersOf.TryGetValue(g, out var touchedByWriters) && touchedByWriters.Contains(f))
                    {
                        candidates.Add(f);
                        candidates.Add(g);
                    }
                }
            }
        }

        if (candidates.Count == 0)
        {
            return new List<(IMethodSymbol, IOperation)>();
        }

        // The members that write a candidate field (with their callees: every caller of such a member is one), and
        // everything they call, whose fences, locks and accesses matter to them. A member that only reads candidate
        // fields is no side — every half starts with a store — and matters only as such a callee. A member that starts
        // a body is kept too: what it starts runs concurrently with the rest of the type.
        var relevant = new HashSet<Member>(members.Where(m => m.EffectiveWritten.Overlaps(candidates) || m.MayStart));
        AddCallees(relevant, bySymbol);

        return members.Where(relevant.Contains).Select(m => (m.Method, m.Root)).ToList();
    }

    /// <param name="shared">
    /// Collects the fields that may be shared (an over-approximation of docs/design.md §6 "shared"): volatile, passed
    /// to <c>Volatile</c> or <c>Interlocked</c>, or holding a concurrent collection, an event, a task or a source.
    /// </param>
    private static Member Scan(IMethodSymbol method, IOperation root, TypeScope scope, HashSet<ISymbol> shared)
    {
        var member = new Member(method, root);
        foreach (var node in root.DescendantsAndSelf())
        {
            switch (node)
            {
                case IFieldReferenceOperation { Field.IsConst: false } field:
                    Touch(member, field.Field, IsWritten(field));
                    if (field.Field.IsVolatile || scope.Knowledge.HoldsSharedState(field.Field.Type))
                    {
                        shared.Add(field.Field.OriginalDefinition);
                    }

                    if (scope.Facts.DelegateFieldMethod(field.Field) is { } callback)
                    {
                        member.Calls.Add(callback); // `static readonly Action<object> s_run = Run;` passed on: a reference to Run
                    }

                    break;
                case IPropertyReferenceOperation property when scope.BackingField(property.Property) is { } backing:
                    Touch(member, backing, IsWritten(property));
                    if (scope.Knowledge.HoldsSharedState(backing.Type))
                    {
                        shared.Add(backing.OriginalDefinition);
                    }

                    break;
                case IPropertyReferenceOperation property when IsOwnProperty(property.Property, scope):
                    AddAccessors(member, property.Property);
                    break;
                case IInvocationOperation invocation when scope.Contains(invocation.TargetMethod):
                    member.Calls.Add(invocation.TargetMethod.OriginalDefinition);
                    member.MayStart |= HasDelegateArgument(invocation.Arguments); // a wrapper of a starter in this type
                    break;
                case IInvocationOperation invocation:
                    Library(member, invocation, scope, shared);
                    break;
                case IVariableDeclaratorOperation { Symbol.IsRef: true, Initializer.Value: { } bound }:
                    AddFields(bound, scope, shared); // `ref var slot = ref _slots[i]`: what is done through slot may be ordered
                    break;
                case IObjectCreationOperation creation when scope.Knowledge.RunsArgumentsElsewhere(creation.Type as INamedTypeSymbol):
                    member.MayStart = true;
                    break;
                case IMethodReferenceOperation reference when scope.Contains(reference.Method):
                    member.Calls.Add(reference.Method.OriginalDefinition);
                    break;
                case ITryOperation { Finally: not null } attempt:
                    scope.Facts.TryFinallies.Add(attempt); // where the lock idiom may be written (LockIdiom), found by this walk
                    break;
            }
        }

        return member;
    }

    /// <summary>A call out of the type: a barrier, a start (a known starter or registration, or a method in source handed a delegate, which may start it), or an ordered access of its arguments.</summary>
    private static void Library(Member member, IInvocationOperation invocation, TypeScope scope, HashSet<ISymbol> shared)
    {
        var target = invocation.TargetMethod;
        member.HasBarrier |= scope.Knowledge.IsExplicitBarrier(target);
        // A start: a known starter or registration, a `Start()` of a thread or task, or a method of another type in source
        // that hands a delegate argument on to one (summarized once per compilation, as the extraction does).
        member.MayStart |= scope.Knowledge.RunsArgumentsElsewhere(target)
            || (target.Name is "Start" or "UnsafeStart" && scope.Knowledge.RunsArgumentsElsewhere(target.ContainingType))
            || (!target.OriginalDefinition.DeclaringSyntaxReferences.IsEmpty && HasDelegateArgument(invocation.Arguments)
                && !scope.Callees.StartedParameters(target, default).IsEmpty);
        if (scope.Knowledge.OrdersArgument(target))
        {
            foreach (var argument in invocation.Arguments)
            {
                AddFields(argument.Value, scope, shared);
            }
        }
    }

    private static void AddFields(IOperation operation, TypeScope scope, HashSet<ISymbol> shared)
    {
        foreach (var inner in operation.DescendantsAndSelf())
        {
            if (inner is IFieldReferenceOperation field)
            {
                shared.Add(field.Field.OriginalDefinition);
            }
            else if (inner is IPropertyReferenceOperation property && scope.BackingField(property.Property) is { } backing)
            {
                shared.Add(backing.OriginalDefinition);
            }
        }
    }

    private static bool HasDelegateArgument(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments) =>
        arguments.Any(a => a.Value.Type?.TypeKind == TypeKind.Delegate || a.Value is IAnonymousFunctionOperation or IDelegateCreationOperation or IMethodReferenceOperation);

    private static bool IsOwnProperty(IPropertySymbol property, TypeScope scope) =>
        (property.GetMethod is { } getter && scope.Contains(getter)) || (property.SetMethod is { } setter && scope.Contains(setter));

    private static void AddAccessors(Member member, IPropertySymbol property)
    {
        if (property.GetMethod is { } getter)
        {
            member.Calls.Add(getter.OriginalDefinition);
        }

        if (property.SetMethod is { } setter)
        {
            member.Calls.Add(setter.OriginalDefinition);
        }
    }

    private static void Touch(Member member, IFieldSymbol field, bool written)
    {
        member.Touched.Add(field.OriginalDefinition);
        if (written)
        {
            member.Written.Add(field.OriginalDefinition);
        }
    }

    /// <summary>
    /// Over-approximated: an assignment target, a <c>ref</c>/<c>out</c> argument, the receiver of a call or of a member
    /// (a collection, an event, a struct), an increment, or a value copied into a local (which may then be mutated
    /// through: <c>var q = _queue; q.Enqueue(x)</c>).
    /// </summary>
    private static bool IsWritten(IOperation reference) => reference.Parent switch
    {
        IAssignmentOperation assignment => ReferenceEquals(assignment.Target, reference) || assignment.Target is ILocalReferenceOperation,
        IVariableInitializerOperation => true,
        IConversionOperation { Parent: IVariableInitializerOperation or IAssignmentOperation } => true,
        IIncrementOrDecrementOperation => true,
        IArgumentOperation { Parameter.RefKind: not RefKind.None } => true,
        IInvocationOperation invocation => ReferenceEquals(invocation.Instance, reference),
        IMemberReferenceOperation member => ReferenceEquals(member.Instance, reference),
        IArrayElementReferenceOperation element => ReferenceEquals(element.ArrayReference, reference),
        _ => false,
    };

    private static IEnumerable<Member> Callees(Member member, Dictionary<IMethodSymbol, Member> bySymbol)
    {
        foreach (var symbol in member.Calls)
        {
            if (bySymbol.TryGetValue(symbol, out var callee))
            {
                yield return callee;
            }
        }
    }

    /// <summary>Adds to <paramref name="members"/> every member they call, transitively (one walk for all of them).</summary>
    private static void AddCallees(HashSet<Member> members, Dictionary<IMethodSymbol, Member> bySymbol)
    {
        var pending = new Stack<Member>(members);
        while (pending.Count > 0)
        {
            foreach (var callee in Callees(pending.Pop(), bySymbol))
            {
                if (members.Add(callee))
                {
                    pending.Push(callee);
                }
            }
        }
    }

    private sealed class Member
    {
        public Member(IMethodSymbol method, IOperation root)
        {
            Method = method;
            Root = root;
        }

        public IMethodSymbol Method { get; }

        public IOperation Root { get; }

        public HashSet<ISymbol> Written { get; } = new(SymbolEqualityComparer.Default);

        public HashSet<ISymbol> Touched { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>What the member and every member it calls (transitively) write: shared by one call-graph component.</summary>
        public HashSet<ISymbol> EffectiveWritten { get; set; } = new(SymbolEqualityComparer.Default);

        public HashSet<ISymbol> EffectiveTouched { get; set; } = new(SymbolEqualityComparer.Default);

        public HashSet<IMethodSymbol> Calls { get; } = new(SymbolEqualityComparer.Default);

        /// <summary>Whether the member may start a body (a thread, a task, a callback): then the bodies of the type may run concurrently without shared locations.</summary>
        public bool MayStart { get; set; }

        /// <summary>Whether the member calls an explicit barrier: evidence on any pair of locations.</summary>
        public bool HasBarrier { get; set; }
    }
}
