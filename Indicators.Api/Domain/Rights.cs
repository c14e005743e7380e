namespace Indicators.Api.Domain;

/// <summary>The role of an API key (or, later, a token): SPEC "Callers and rights".</summary>
internal enum Role
{
    Reader,
    Submitter,
    Admin,
}

/// <summary>Who asks: the org unit the caller belongs to, its role, and the province at the root of that unit's tree.</summary>
internal sealed record Principal(string OrgUnit, Role Role, string? Province);

/// <summary>What a caller asks to do, with the facts the rule needs.</summary>
internal abstract record Act
{
    private Act()
    {
    }

    /// <summary>Write the actual value of <paramref name="Indicator"/> for <paramref name="OrgUnit"/>; the indicator's
    /// responsible unit is the department that reports its province-level figure.</summary>
    public sealed record WriteValue(string Indicator, string OrgUnit, string? ResponsibleUnit) : Act;

    /// <summary>Write a value inside a locked period.</summary>
    public sealed record WriteThroughLock : Act;

    /// <summary>Read the receipt of a batch written by a key of <paramref name="WriterOrgUnit"/>.</summary>
    public sealed record ReadReceipt(string WriterOrgUnit) : Act;

    /// <summary>Approve a complete report, or reopen an approved one (SPEC "Approval").</summary>
    public sealed record ApproveReport : Act;

    /// <summary>Change a value that belongs to an approved report.</summary>
    public sealed record WriteThroughApproval : Act;

    /// <summary>Download the template of <paramref name="Reporter"/>'s report (SPEC "Spreadsheets · Template").</summary>
    public sealed record ReadTemplate(string Reporter) : Act;
}

/// <summary>The answer: allowed, or refused with the sentence the client is told.</summary>
internal sealed record Verdict(bool Allowed, string? Reason)
{
    public static readonly Verdict Allow = new(true, null);

    public static Verdict Deny(string reason) => new(false, reason);
}

/// <summary>
/// Who may do what — the one place the rights live (SPEC "Callers and rights"); endpoints and writers ask
/// <see cref="Check"/> and translate its verdict into 403, 404 or 409. Role-only gates (an admin-only endpoint) are
/// declared on the endpoints themselves and checked by the framework before any of this.
/// </summary>
internal static class Rights
{
    public static Verdict Check(Principal caller, Act act) => act switch
    {
        Act.WriteValue write => WriteValue(caller, write),
        // SPEC: locked periods refuse writes of actuals "except by admin".
        Act.WriteThroughLock => caller.Role == Role.Admin ? Verdict.Allow : Verdict.Deny("only an admin may write a locked period."),
        // Another unit's receipt is answered like a missing one: its existence is not the caller's business.
        Act.ReadReceipt read => caller.Role == Role.Admin || (caller.Role == Role.Submitter && read.WriterOrgUnit == caller.OrgUnit)
            ? Verdict.Allow
            : Verdict.Deny("the receipt belongs to another org unit."),
        // SPEC "Approval": the planning office (admin) accepts a report and reopens it.
        Act.ApproveReport => caller.Role == Role.Admin ? Verdict.Allow : Verdict.Deny("only an admin may approve or reopen a report."),
        // SPEC: while a report is approved its figures cannot change, "for every caller, admins included (they reopen first)".
        Act.WriteThroughApproval => Verdict.Deny("the value belongs to an approved report; an admin must reopen the report before it can change."),
        // SPEC routes: the template is for "the reporter's submitter, admin" — a reader, or another unit's submitter, gets none.
        Act.ReadTemplate template => caller.Role == Role.Admin || (caller.Role == Role.Submitter && caller.OrgUnit == template.Reporter)
            ? Verdict.Allow
            : Verdict.Deny($"the template of the report of {template.Reporter} is for the submitters of {template.Reporter} and admins."),
        _ => throw new ArgumentOutOfRangeException(nameof(act), act, "An act without a rule."),
    };

    /// <summary>
    /// An admin writes anything; a submitter writes its own unit's figures and — for a department — the province-level
    /// figures of the indicators whose responsibleUnit it is; a reader writes nothing.
    /// </summary>
    /// <remarks>
    /// Decision: "its own territory" is the submitter's own org unit only, not the units below it. Districts and the
    /// city have no units below them here, and a key of the province should not silently write for every district.
    /// </remarks>
    private static Verdict WriteValue(Principal caller, Act.WriteValue write)
    {
        switch (caller.Role)
        {
            case Role.Admin:
                return Verdict.Allow;
            case Role.Reader:
                return Verdict.Deny("A reader key may not write values.");
        }
        if (write.OrgUnit == caller.OrgUnit || (write.OrgUnit == caller.Province && write.ResponsibleUnit == caller.OrgUnit))
        {
            return Verdict.Allow;
        }
        return Verdict.Deny(write.OrgUnit == caller.Province
            ? $"The province-level {write.Indicator} is reported by {write.ResponsibleUnit ?? "the planning office (no responsible unit)"}, not by {caller.OrgUnit}."
            : $"A key of {caller.OrgUnit} writes only {caller.OrgUnit}'s own figures (and the province-level figures of the indicators {caller.OrgUnit} is responsible for), not {write.OrgUnit}'s.");
    }
}
