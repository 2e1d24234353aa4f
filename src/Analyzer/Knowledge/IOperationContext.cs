using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Fencer.Analyzer.Model;

namespace Fencer.Analyzer.Knowledge;

/// <summary>What the knowledge of library calls needs to know about the body it is reading.</summary>
internal interface IOperationContext
{
    /// <summary>The operation a flow-capture reference stands for (or the operation itself).</summary>
    IOperation Resolve(IOperation operation);

    /// <summary>The backing field of an auto-property of the analyzed type, if it is one.</summary>
    IFieldSymbol? BackingField(IPropertySymbol property);

    /// <summary>The shared location a <c>ref</c> local is bound to, when it is always bound to the same one.</summary>
    MemoryLocation? RefLocal(ILocalSymbol local);

    /// <summary>
    /// The shared location a by-reference parameter is, when the body is read for a call that passes one
    /// (docs/design.md §5, "By-reference parameters"); null otherwise.
    /// </summary>
    MemoryLocation? RefParameter(IParameterSymbol parameter);

    /// <summary>The one value a local is ever given in this body (its initializer, its only assignment, the input of its declaration pattern), or null.</summary>
    IOperation? LocalValue(ILocalSymbol local);

    /// <summary>Whether a parameter always receives <c>this</c> (docs/design.md, "Locations": bound parameters).</summary>
    bool IsThis(IParameterSymbol parameter);

    /// <summary>Whether a field holds a <c>SemaphoreSlim</c> with one slot, used as a lock.</summary>
    bool IsMutex(IFieldSymbol semaphore);

    /// <summary>The audit level (<c>fencer.report = audit</c>): keyed collections and other objects' fields are locations too.</summary>
    bool Audit { get; }
}

/// <summary>Whose object a receiver expression denotes (<see cref="ReceiverKind"/>), or that it is freshly created.</summary>
internal readonly struct Receiver
{
    public Receiver(ReceiverKind kind, IFieldSymbol? holder = null, bool fresh = false)
    {
        Kind = kind;
        Holder = holder;
        IsFresh = fresh;
    }

    public static Receiver This => new(ReceiverKind.This);

    public static Receiver Other => new(ReceiverKind.Other);

    /// <summary>An object created in this body (<c>new T()</c>): nobody else's yet, so its fields are not shared.</summary>
    public static Receiver Fresh => new(ReceiverKind.Other, fresh: true);

    public ReceiverKind Kind { get; }

    public IFieldSymbol? Holder { get; }

    public bool IsFresh { get; }
}

/// <summary>Maps the operand of an access, a call's receiver or a <c>ref</c> argument to the shared location it denotes.</summary>
internal static class OperationLocations
{
    /// <summary>How many locals, conversions and captures are followed to find what an expression denotes.</summary>
    private const int MaxDepth = 6;

    /// <summary>The location read or written by <paramref name="operation"/> when used as a variable (assignment target, <c>ref</c> argument).</summary>
    public static MemoryLocation? OfVariable(IOperation operation, IOperationContext context) => OfVariable(operation, context, 0);

    /// <summary>The location of the object a known call acts on (a collection, an event, a token source): its receiver's field, with that field's receiver.</summary>
    public static MemoryLocation? Held(MemoryLocationKind kind, IOperation? operation, IOperationContext context)
    {
        var op = operation is null ? null : Value(operation, context, 0);
        switch (op)
        {
            // The holder may well be readonly: the field never changes, what the object holds does.
            case IFieldReferenceOperation field when !field.Field.IsConst && !IsThreadStatic(field.Field):
                var receiver = field.Field.IsStatic ? new Receiver(ReceiverKind.Static) : ReceiverOf(field.Instance, context, 0);
                return receiver.IsFresh ? null : new MemoryLocation(kind, field.Field, receiver.Kind, receiver.Holder);
            case IPropertyReferenceOperation property when context.BackingField(property.Property) is { } backing:
                var owner = backing.IsStatic ? new Receiver(ReceiverKind.Static) : ReceiverOf(property.Instance, context, 0);
                return owner.IsFresh ? null : new MemoryLocation(kind, backing, owner.Kind, owner.Holder);
            case IPropertyReferenceOperation { Property.Name: "Token" } token:
                return Held(kind, token.Instance, context); // _cts.Token is the state of _cts
            default:
                return null;
        }
    }

    /// <summary>The identity of a lock object, when Fencer can compare it across bodies.</summary>
    public static LockId? LockOf(IOperation? operation, IOperationContext context)
    {
        if (operation is null)
        {
            return null;
        }

        var op = Value(operation, context, 0);
        return op switch
        {
            IFieldReferenceOperation field => new LockId(field.Field, isThis: false),
            IPropertyReferenceOperation property => new LockId((ISymbol?)context.BackingField(property.Property) ?? property.Property.OriginalDefinition, isThis: false),
            IInstanceReferenceOperation instance when instance.Type is not null => new LockId(instance.Type, isThis: true),
            ITypeOfOperation typeOf => new LockId(typeOf.TypeOperand, isThis: false),
            _ => null,
        };
    }

    /// <summary>
    /// Fields whose value can race: not constants, not readonly (written during construction only), not
    /// <c>[ThreadStatic]</c> (one copy per thread: never shared).
    /// </summary>
    public static bool IsShareable(IFieldSymbol field) => !field.IsConst && !field.IsReadOnly && !IsThreadStatic(field);

    /// <summary>Whose object <paramref name="instance"/> is.</summary>
    public static Receiver ReceiverOf(IOperation? instance, IOperationContext context, int depth)
    {
        if (instance is null)
        {
            return new Receiver(ReceiverKind.Static);
        }

        var op = Value(instance, context, depth);
        switch (op)
        {
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ContainingTypeInstance }:
                return Receiver.This;
            case IInstanceReferenceOperation:
                return Receiver.Fresh; // the object being initialized (`new T { F = 1 }`)
            case IObjectCreationOperation or IAnonymousObjectCreationOperation or ITypeParameterObjectCreationOperation:
                return Receiver.Fresh;
            case IParameterReferenceOperation parameter:
                return context.IsThis(parameter.Parameter) ? Receiver.This : Receiver.Other;
            case IFieldReferenceOperation field when field.Field.IsStatic || ReceiverOf(field.Instance, context, depth + 1).Kind is ReceiverKind.This or ReceiverKind.Static:
                return new Receiver(ReceiverKind.FieldValue, field.Field);
            case IPropertyReferenceOperation property when context.BackingField(property.Property) is { } backing
                && (backing.IsStatic || ReceiverOf(property.Instance, context, depth + 1).Kind is ReceiverKind.This or ReceiverKind.Static):
                return new Receiver(ReceiverKind.FieldValue, backing);
            default:
                return Receiver.Other;
        }
    }

    private static MemoryLocation? OfVariable(IOperation operation, IOperationContext context, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        var op = Strip(context.Resolve(operation), context);
        switch (op)
        {
            // A field of a struct is part of where the struct lives: `_writer.Value` is the member Value of the
            // location `_writer`; a struct in a local or parameter is not shared at all.
            case IFieldReferenceOperation { Instance: { } instance } field when instance.Type is { IsValueType: true }
                && Strip(context.Resolve(instance), context) is not IInstanceReferenceOperation:
                return OfVariable(instance, context, depth + 1) is { } outer
                    ? new MemoryLocation(outer.Kind, outer.Field, outer.Receiver, outer.Holder, field.Field)
                    : null;
            case IFieldReferenceOperation field when IsShareable(field.Field):
                var receiver = field.Field.IsStatic ? new Receiver(ReceiverKind.Static) : ReceiverOf(field.Instance, context, depth + 1);
                return receiver.IsFresh ? null : new MemoryLocation(MemoryLocationKind.Field, field.Field, receiver.Kind, receiver.Holder);
            case IPropertyReferenceOperation property when context.BackingField(property.Property) is { } backing:
                var owner = backing.IsStatic ? new Receiver(ReceiverKind.Static) : ReceiverOf(property.Instance, context, depth + 1);
                return owner.IsFresh ? null : new MemoryLocation(MemoryLocationKind.Field, backing, owner.Kind, owner.Holder);
            case IArrayElementReferenceOperation element when Held(MemoryLocationKind.Elements, element.ArrayReference, context) is { } elements:
                return elements;
            case ILocalReferenceOperation local when local.Local.IsRef:
                return context.RefLocal(local.Local);
            case IParameterReferenceOperation parameter when parameter.Parameter.RefKind != RefKind.None:
                return context.RefParameter(parameter.Parameter);
            default:
                return null;
        }
    }

    /// <summary>What an expression evaluates to: through conversions, parentheses, flow captures and locals given one value.</summary>
    private static IOperation Value(IOperation operation, IOperationContext context, int depth)
    {
        var op = Strip(context.Resolve(operation), context);
        for (var i = depth; i < MaxDepth && op is ILocalReferenceOperation { Local.IsRef: false } local && context.LocalValue(local.Local) is { } value; i++)
        {
            op = Strip(context.Resolve(value), context);
        }

        return op;
    }

    private static IOperation Strip(IOperation operation, IOperationContext context)
    {
        var op = operation;
        for (var i = 0; i < 16; i++)
        {
            switch (op)
            {
                case IConversionOperation conversion:
                    op = context.Resolve(conversion.Operand);
                    continue;
                case IParenthesizedOperation parenthesized:
                    op = context.Resolve(parenthesized.Operand);
                    continue;
                default:
                    return op;
            }
        }

        return op;
    }

    private static bool IsThreadStatic(IFieldSymbol field)
    {
        foreach (var attribute in field.GetAttributes())
        {
            if (attribute.AttributeClass is { Name: "ThreadStaticAttribute", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
            {
                return true;
            }
        }

        return false;
    }
}
