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
/// writes g and touches f. Only the members that touch such a field, their callers and their callees get a
/// control-flow graph; a type with no such pair gets none.
/// </summary>
internal static class CandidateScan
{
    public static IReadOnlyList<(IMethodSymbol Method, IOperation Root)> Relevant(IReadOnlyList<(IMethodSymbol Method, IOperation Root)> roots, TypeScope scope)
    {
        var members = new List<Member>();
        var bySymbol = new Dictionary<IMethodSymbol, Member>(SymbolEqualityComparer.Default);
        foreach (var (method, root) in roots)
        {
            var member = Scan(method, root, scope);
            members.Add(member);
            bySymbol[method.OriginalDefinition] = member;
        }

        // What a member does includes what the members it calls do.
        foreach (var member in members)
        {
            foreach (var reached in Reach(member, bySymbol, m => m.Calls))
            {
                member.EffectiveWritten.UnionWith(reached.Written);
                member.EffectiveTouched.UnionWith(reached.Touched);
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

        var candidates = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
        foreach (var a in members)
        {
            foreach (var f in a.EffectiveWritten)
            {
                foreach (var g in a.EffectiveTouched)
                {
                    if (!SymbolEqualityComparer.Default.Equals(f, g) && !(candidates.Contains(f) && candidates.Contains(g))
                        && writers.TryGetValue(g, out var writersOfG) && writersOfG.Any(b => b.EffectiveTouched.Contains(f)))
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

        // The members that touch a candidate field (with their callees: every caller of such a member is one), and
        // everything they call, whose fences and locks matter to them.
        var relevant = new HashSet<Member>(members.Where(m => m.EffectiveTouched.Overlaps(candidates)));
        foreach (var member in relevant.ToList())
        {
            relevant.UnionWith(Reach(member, bySymbol, m => m.Calls));
        }

        return members.Where(relevant.Contains).Select(m => (m.Method, m.Root)).ToList();
    }

    private static Member Scan(IMethodSymbol method, IOperation root, TypeScope scope)
    {
        var member = new Member(method, root);
        foreach (var node in root.DescendantsAndSelf())
        {
            switch (node)
            {
                case IFieldReferenceOperation { Field.IsConst: false } field:
                    Touch(member, field.Field, IsWritten(field));
                    if (scope.Facts.DelegateFieldMethod(field.Field) is { } callback)
                    {
                        member.Calls.Add(callback); // `static readonly Action<object> s_run = Run;` passed on: a reference to Run
                    }

                    break;
                case IPropertyReferenceOperation property when scope.BackingField(property.Property) is { } backing:
                    Touch(member, backing, IsWritten(property));
                    break;
                case IPropertyReferenceOperation property when IsOwnProperty(property.Property, scope):
                    AddAccessors(member, property.Property);
                    break;
                case IInvocationOperation invocation when scope.Contains(invocation.TargetMethod):
                    member.Calls.Add(invocation.TargetMethod.OriginalDefinition);
                    break;
                case IMethodReferenceOperation reference when scope.Contains(reference.Method):
                    member.Calls.Add(reference.Method.OriginalDefinition);
                    break;
            }
        }

        return member;
    }

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

    private static IEnumerable<Member> Reach(Member start, Dictionary<IMethodSymbol, Member> bySymbol, System.Func<Member, HashSet<IMethodSymbol>> next)
    {
        var seen = new HashSet<Member> { start };
        var pending = new Stack<Member>();
        pending.Push(start);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            yield return current;
            foreach (var symbol in next(current))
            {
                if (bySymbol.TryGetValue(symbol, out var callee) && seen.Add(callee))
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

        public HashSet<ISymbol> EffectiveWritten { get; } = new(SymbolEqualityComparer.Default);

        public HashSet<ISymbol> EffectiveTouched { get; } = new(SymbolEqualityComparer.Default);

        public HashSet<IMethodSymbol> Calls { get; } = new(SymbolEqualityComparer.Default);
    }
}
