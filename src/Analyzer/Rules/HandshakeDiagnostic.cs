namespace Fencer.Analyzer.Rules;

/// <summary>
/// The shape of a FEN001-FEN003 diagnostic, for code fixes and IDEs. The diagnostic's location is this
/// side's store; its additional locations are, for the worst handshake the store takes part in and then for each
/// other one: this side's later access, the other side's store, the other side's later access, and (when there is
/// one) the other side's fence — its explicit fence, or the read-modify-write on its store or access when that is
/// what orders them — then, for each of those accesses made inside a callee, where in the callee it is made.
/// <see cref="RolesProperty"/> names the role of each additional location in order; the first three are always the
/// worst handshake's this-access, other-store and other-access.
/// </summary>
public static class HandshakeDiagnostic
{
    public const int ThisAccess = 0;
    public const int OtherStore = 1;
    public const int OtherAccess = 2;
    public const int OtherFence = 3;

    public const string ThisAccessRole = "ThisAccess";

    /// <summary>
    /// Another store of the same location by this side (one diagnostic covers a body's stores of a location): it opens
    /// its handshake's group, before that group's ThisAccess. The first group never has one (its store is the
    /// diagnostic's location).
    /// </summary>
    public const string ThisStoreRole = "ThisStore";
    public const string OtherStoreRole = "OtherStore";
    public const string OtherAccessRole = "OtherAccess";
    public const string OtherFenceRole = "OtherFence";

    /// <summary>
    /// Where an access is made when it is made inside a method the side calls (a helper, a property's accessor, a method
    /// of the object a field holds): the call is its anchor above, this is the access in the callee. These come after
    /// their group's anchors, one per anchor whose access is not written at it.
    /// </summary>
    public const string ThisStoreInCalleeRole = "ThisStoreInCallee";
    public const string ThisAccessInCalleeRole = "ThisAccessInCallee";
    public const string OtherStoreInCalleeRole = "OtherStoreInCallee";
    public const string OtherAccessInCalleeRole = "OtherAccessInCallee";

    /// <summary>Property: the role of each additional location, comma-separated, in order.</summary>
    public const string RolesProperty = "Roles";

    /// <summary>Property: how many handshakes this store takes part in (the additional locations hold one group each).</summary>
    public const string PartnersProperty = "Partners";

    /// <summary>Property: "SB" (store then load on both sides) or "R" (one side stores twice).</summary>
    public const string ShapeProperty = "Shape";

    /// <summary>Property: this side's protection (None, Compiler, Full, Heavy).</summary>
    public const string ThisProtectionProperty = "ThisProtection";

    /// <summary>Property: the other side's protection.</summary>
    public const string OtherProtectionProperty = "OtherProtection";

    /// <summary>Property: the ordering of this side's store (Plain, Acquire, Release, ReadModifyWrite).</summary>
    public const string ThisStoreOrderingProperty = "ThisStoreOrdering";

    /// <summary>Property: the ordering of this side's later access (Plain, Acquire, Release, ReadModifyWrite).</summary>
    public const string ThisAccessOrderingProperty = "ThisAccessOrdering";

    /// <summary>Property: the name of the other side's member, as shown in the message.</summary>
    public const string OtherMemberProperty = "OtherMember";

    /// <summary>Property: the name of this side's member, as shown in the message.</summary>
    public const string ThisMemberProperty = "ThisMember";

    /// <summary>Property: whether this side's later access is a Load or a Store (the store-store side of R).</summary>
    public const string ThisAccessKindProperty = "ThisAccessKind";

    /// <summary>Property: whether the other side's later access is a Load or a Store.</summary>
    public const string OtherAccessKindProperty = "OtherAccessKind";

    /// <summary>
    /// Property: what says the two sides run concurrently (started bodies, shared locations, explicit barriers,
    /// read-modify-writes), in a few words: docs/design.md, "Concurrency".
    /// </summary>
    public const string EvidenceProperty = "Evidence";

    /// <summary>
    /// Property, on audit-level findings only: why the default level keeps silent about it (NoDecision, NoEvidence,
    /// Uncertain, OtherObject, Keyed, CheckInCallee, StoreInCallee, ErrorPath, Polled, PlainUpdate; comma-separated):
    /// docs/design.md, "Report levels".
    /// </summary>
    public const string WeaknessProperty = "Weakness";
}
