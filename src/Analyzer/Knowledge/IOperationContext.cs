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
}

/// <summary>Maps the operand of an access, a call's receiver or a <c>ref</c> argument to the shared location it denotes.</summary>
internal static class OperationLocations
{
    /// <summary>The location read or written by <paramref name="operation"/> when used as a variable (assignment target, <c>ref</c> argument).</summary>
    public static MemoryLocation? OfVariable(IOperation operation, IOperationContext context)
    {
        var op = Strip(context.Resolve(operation), context);
        switch (op)
        {
            // The fields of an object or struct under construction (`new T { F = 1 }`) are not shared yet.
            case IFieldReferenceOperation { Instance: IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } }:
                return null;

            // A field of a struct is part of where the struct lives: `_writer.Value` and `_reader.Value` are two
            // locations, not one `PaddedInt.Value`; a struct in a local or parameter is not shared at all.
            case IFieldReferenceOperation { Instance: { } instance } when instance.Type is { IsValueType: true }
                && Strip(context.Resolve(instance), context) is not IInstanceReferenceOperation:
                return OfVariable(instance, context);
            case IFieldReferenceOperation field when IsShareable(field.Field):
                return new MemoryLocation(MemoryLocationKind.Field, field.Field);
            case IPropertyReferenceOperation property when context.BackingField(property.Property) is { } backing:
                return new MemoryLocation(MemoryLocationKind.Field, backing);
            case IArrayElementReferenceOperation element when FieldOf(element.ArrayReference, context) is { } array:
                return new MemoryLocation(MemoryLocationKind.Elements, array);
            case ILocalReferenceOperation local when local.Local.IsRef:
                return context.RefLocal(local.Local);
            default:
                return null;
        }
    }

    /// <summary>The field an object (a collection, an event, a token source) is held in: the receiver of a known call.</summary>
    public static IFieldSymbol? FieldOf(IOperation? operation, IOperationContext context)
    {
        if (operation is null)
        {
            return null;
        }

        var op = Strip(context.Resolve(operation), context);
        return op switch
        {
            IFieldReferenceOperation field => field.Field,
            IPropertyReferenceOperation property => context.BackingField(property.Property)
                ?? (property.Property.Name == "Token" ? FieldOf(property.Instance, context) : null),
            _ => null,
        };
    }

    /// <summary>The identity of a lock object, when Fencer can compare it across bodies.</summary>
    public static LockId? LockOf(IOperation? operation, IOperationContext context)
    {
        if (operation is null)
        {
            return null;
        }

        var op = Strip(context.Resolve(operation), context);
        return op switch
        {
            IFieldReferenceOperation field => new LockId(field.Field, isThis: false),
            IPropertyReferenceOperation property => new LockId((ISymbol?)context.BackingField(property.Property) ?? property.Property.OriginalDefinition, isThis: false),
            IInstanceReferenceOperation instance when instance.Type is not null => new LockId(instance.Type, isThis: true),
            ITypeOfOperation typeOf => new LockId(typeOf.TypeOperand, isThis: false),
            _ => null,
        };
    }

    /// <summary>Constants and readonly fields written only during construction: never the target of a racing store.</summary>
    public static bool IsShareable(IFieldSymbol field) => !field.IsConst && !field.IsReadOnly;

    private static IOperation Strip(IOperation operation, IOperationContext context)
    {
        var op = operation;
        while (true)
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
    }
}
