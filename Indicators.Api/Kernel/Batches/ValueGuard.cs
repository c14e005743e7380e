using System.Data.Common;
using Indicators.Api.Domain;
using Indicators.Api.Infrastructure.Database;
using Indicators.Api.Kernel.Approvals;
using Indicators.Api.Kernel.Locks;

namespace Indicators.Api.Kernel.Batches;

/// <summary>
/// The 409 checks of a batch of actual values, run as <see cref="BatchOptions.Guard"/> — first thing in the writing
/// transaction, so that a lock taken or a report approved meanwhile cannot be missed: the period locks (except for an
/// admin), then the approved reports (for every caller, admins included: SPEC "Approval"). Whichever refuses first is
/// <see cref="Outcome"/>. Every path that writes values (JSON batches, spreadsheets, the seeder) passes here.
/// </summary>
internal sealed class ValueGuard(Db db, Principal caller, string collection, IReadOnlyList<BatchRow> rows)
{
    /// <summary>What the refusal was, after <see cref="CheckAsync"/> refused the batch.</summary>
    public BatchOutcome Outcome { get; private set; } = BatchOutcome.Locked;

    public async Task<Dictionary<string, string[]>?> CheckAsync(DbConnection c, DbTransaction tx)
    {
        if (!Rights.Check(caller, new Act.WriteThroughLock()).Allowed
            && await PeriodLocks.LockedItemsAsync(db, c, tx, collection, rows) is { Count: > 0 } locked)
        {
            Outcome = BatchOutcome.Locked;
            return locked;
        }
        if (!Rights.Check(caller, new Act.WriteThroughApproval()).Allowed
            && await ApprovedReports.FrozenItemsAsync(db, c, tx, collection, rows) is { Count: > 0 } frozen)
        {
            Outcome = BatchOutcome.Approved;
            return frozen;
        }
        return null;
    }
}
