using Indicators.Api.Domain;
using Indicators.Tests.Support;

namespace Indicators.Tests.Domain;

/// <summary>SPEC "Callers and rights", one rule per test, on the pure function every endpoint asks.</summary>
public sealed class RightsTests
{
    private static readonly Principal Admin = new("TQ", Role.Admin, "TQ");
    private static readonly Principal Reader = new("TQ", Role.Reader, "TQ");
    private static readonly Principal District = new("TQ-SD", Role.Submitter, "TQ");
    private static readonly Principal Department = new("TQ-SCT", Role.Submitter, "TQ");

    private static Act.WriteValue Write(string orgUnit, string? responsible = "TQ-SCT") => new("INDUSTRIAL_OUTPUT", orgUnit, responsible);

    [Fact]
    public void An_admin_writes_any_figure()
    {
        Assert.True(Rights.Check(Admin, Write("TQ-SD")).Allowed);
        Assert.True(Rights.Check(Admin, Write("TQ", responsible: null)).Allowed);
        Assert.True(Rights.Check(Admin with { OrgUnit = "TQ-HY" }, Write("TQ-SD")).Allowed);
    }

    [Fact]
    public void A_reader_writes_nothing_not_even_its_own_unit()
    {
        Assert.Equal(Verdict.Deny("A reader key may not write values."), Rights.Check(Reader, Write("TQ")));
    }

    [Fact]
    public void A_submitter_writes_its_own_units_figures()
    {
        Assert.Equal(Verdict.Allow, Rights.Check(District, Write("TQ-SD")));
        Assert.Equal(Verdict.Allow, Rights.Check(Department, Write("TQ-SCT", responsible: "TQ-STC")));
    }

    [Fact]
    public void A_submitter_does_not_write_another_units_figures_not_even_below_its_own()
    {
        Assert.Equal(
            Verdict.Deny("A key of TQ-SD writes only TQ-SD's own figures (and the province-level figures of the indicators TQ-SD is responsible for), not TQ-HY's."),
            Rights.Check(District, Write("TQ-HY")));
        // A key of the province is not a key of its districts.
        Assert.False(Rights.Check(new Principal("TQ", Role.Submitter, "TQ"), Write("TQ-SD")).Allowed);
    }

    [Fact]
    public void A_department_writes_the_province_level_figure_of_the_indicators_it_is_responsible_for_only()
    {
        Assert.Equal(Verdict.Allow, Rights.Check(Department, Write("TQ", responsible: "TQ-SCT")));
        Assert.Equal(Verdict.Deny("The province-level INDUSTRIAL_OUTPUT is reported by TQ-STC, not by TQ-SCT."), Rights.Check(Department, Write("TQ", responsible: "TQ-STC")));
        Assert.Equal(
            Verdict.Deny("The province-level INDUSTRIAL_OUTPUT is reported by the planning office (no responsible unit), not by TQ-SCT."),
            Rights.Check(Department, Write("TQ", responsible: null)));
    }

    [Fact]
    public void Responsibility_is_for_the_province_level_figure_not_for_the_districts()
    {
        Assert.False(Rights.Check(Department, Write("TQ-SD", responsible: "TQ-SCT")).Allowed);
    }

    [Fact]
    public void Only_an_admin_writes_through_a_lock()
    {
        Assert.True(Rights.Check(Admin, new Act.WriteThroughLock()).Allowed);
        Assert.Equal(Verdict.Deny("only an admin may write a locked period."), Rights.Check(District, new Act.WriteThroughLock()));
        Assert.False(Rights.Check(Reader, new Act.WriteThroughLock()).Allowed);
    }

    [Fact]
    public void A_receipt_is_read_by_an_admin_and_by_submitters_of_the_unit_that_wrote_it()
    {
        Assert.True(Rights.Check(Admin, new Act.ReadReceipt("TQ-SD")).Allowed);
        Assert.True(Rights.Check(District, new Act.ReadReceipt("TQ-SD")).Allowed);
        Assert.False(Rights.Check(District, new Act.ReadReceipt("TQ-HY")).Allowed);
        Assert.False(Rights.Check(Reader, new Act.ReadReceipt("TQ")).Allowed);
    }

    [Fact]
    public void Only_an_admin_approves_or_reopens_a_report()
    {
        Assert.Equal(Verdict.Allow, Rights.Check(Admin, new Act.ApproveReport()));
        Assert.Equal(Verdict.Deny("only an admin may approve or reopen a report."), Rights.Check(District, new Act.ApproveReport()));
        Assert.False(Rights.Check(Department, new Act.ApproveReport()).Allowed);
        Assert.False(Rights.Check(Reader, new Act.ApproveReport()).Allowed);
    }

    [Fact]
    public void Nobody_writes_through_an_approval_not_even_an_admin()
    {
        foreach (var caller in new[] { Admin, Reader, District, Department })
        {
            Assert.Equal(
                Verdict.Deny("the value belongs to an approved report; an admin must reopen the report before it can change."),
                Rights.Check(caller, new Act.WriteThroughApproval()));
        }
    }

    [Fact]
    public void A_reports_template_is_for_the_reporters_own_submitters_and_admins()
    {
        Assert.Equal(Verdict.Allow, Rights.Check(District, new Act.ReadTemplate("TQ-SD")));
        Assert.Equal(Verdict.Allow, Rights.Check(Department, new Act.ReadTemplate("TQ-SCT")));
        Assert.Equal(Verdict.Allow, Rights.Check(Admin, new Act.ReadTemplate("TQ-SD")));
        Assert.Equal(Verdict.Deny("the template of the report of TQ-HY is for the submitters of TQ-HY and admins."), Rights.Check(District, new Act.ReadTemplate("TQ-HY")));
        // A reader of the reporter's own unit reads the figures, but the template is a form to fill in and send.
        Assert.False(Rights.Check(new Principal("TQ-SD", Role.Reader, "TQ"), new Act.ReadTemplate("TQ-SD")).Allowed);
        // A department's key is not a key of the province: the province's submitters do not fill in the districts' reports.
        Assert.False(Rights.Check(new Principal("TQ", Role.Submitter, "TQ"), new Act.ReadTemplate("TQ-SD")).Allowed);
    }
}
