using System.Data;
using System.Globalization;
using Dapper;
using Microsoft.Data.Sqlite;

namespace Indicators.Api.Infrastructure.Database;

/// <summary>
/// Dapper type handlers, registered once before the first query. SQLite has no decimal, date or
/// GUID type: decimals travel as invariant text (exact, unlike REAL), dates as ISO-8601 text.
/// </summary>
internal static class DapperSetup
{
    private static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1)
        {
            return;
        }
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.RemoveTypeMap(typeof(decimal));
        SqlMapper.RemoveTypeMap(typeof(decimal?));
        SqlMapper.AddTypeHandler(new DecimalHandler());
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset));
        SqlMapper.RemoveTypeMap(typeof(DateTimeOffset?));
        SqlMapper.AddTypeHandler(new DateTimeOffsetHandler());
        SqlMapper.AddTypeHandler(new DateOnlyHandler());
    }

    /// <summary>Removes the trailing zeros a decimal(19,4) column adds, so 2.7 reads back as 2.7 on both providers.</summary>
    public static decimal Normalize(decimal value) => value / 1.0000000000000000000000000000m;

    /// <summary>
    /// A decimal as SQLite holds it: the one canonical invariant text of its value (never REAL; no trailing zeros, so
    /// 2.50 and 2.5 are both "2.5", and -0 is "0"). Every value written to SQLite goes through here, which is what lets
    /// the staged batch write compare values as text (Features/Batches/ValuesWrite.sqlite.sql).
    /// </summary>
    public static string SqliteText(decimal value) => Normalize(value).ToString(CultureInfo.InvariantCulture);

    /// <summary>A decimal column read by ordinal: SQLite holds the canonical text (<see cref="SqliteText"/>), SQL Server decimal(19,4).</summary>
    public static decimal ReadDecimal(System.Data.Common.DbDataReader reader, int ordinal) =>
        reader.GetValue(ordinal) switch
        {
            string text => decimal.Parse(text, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture),
            var value => Normalize(Convert.ToDecimal(value, CultureInfo.InvariantCulture)),
        };

    private sealed class DecimalHandler : SqlMapper.TypeHandler<decimal>
    {
        public override void SetValue(IDbDataParameter parameter, decimal value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = SqliteText(value);
            }
            else
            {
                parameter.DbType = DbType.Decimal;
                parameter.Precision = 19;
                parameter.Scale = 4;
                parameter.Value = value;
            }
        }

        public override decimal Parse(object value) => Normalize(value switch
        {
            decimal d => d,
            string s => decimal.Parse(s, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture),
            long l => l,
            int i => i,
            _ => Convert.ToDecimal(value, CultureInfo.InvariantCulture),
        });
    }

    /// <summary>A time as SQLite holds it (the handler below writes fixed-width UTC text).</summary>
    /// <remarks>The text the handler writes (<c>2024-03-10T02:00:00.0000000Z</c>) is read digit by digit: a report status
    /// reads ten thousand of them, and the general parser takes most of that time. Anything else goes to the general
    /// parser.</remarks>
    public static DateTimeOffset ParseTime(string text) =>
        TryParseFixedUtc(text, out var time) ? time : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static bool TryParseFixedUtc(string s, out DateTimeOffset time)
    {
        time = default;
        if (s.Length != 28 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':' || s[19] != '.' || s[27] != 'Z')
        {
            return false;
        }
        static int Digits(string s, int at, int count)
        {
            var n = 0;
            for (var i = at; i < at + count; i++)
            {
                var d = s[i] - '0';
                if (d is < 0 or > 9)
                {
                    return -1;
                }
                n = n * 10 + d;
            }
            return n;
        }
        int year = Digits(s, 0, 4), month = Digits(s, 5, 2), day = Digits(s, 8, 2), hour = Digits(s, 11, 2), minute = Digits(s, 14, 2),
            second = Digits(s, 17, 2), ticks = Digits(s, 20, 7);
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour is < 0 or > 23 || minute is < 0 or > 59
            || second is < 0 or > 59 || ticks < 0)
        {
            return false;
        }
        time = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc).AddTicks(ticks));
        return true;
    }

    private sealed class DateTimeOffsetHandler : SqlMapper.TypeHandler<DateTimeOffset>
    {
        public override void SetValue(IDbDataParameter parameter, DateTimeOffset value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                // Fixed-width UTC text sorts in time order.
                parameter.Value = value.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            }
            else
            {
                parameter.DbType = DbType.DateTimeOffset;
                parameter.Value = value;
            }
        }

        public override DateTimeOffset Parse(object value) => value switch
        {
            DateTimeOffset d => d,
            DateTime dt => new DateTimeOffset(DateTime.SpecifyKind(dt, DateTimeKind.Utc)),
            string s => ParseTime(s),
            _ => throw new DataException($"Cannot read {value.GetType()} as a time."),
        };
    }

    private sealed class DateOnlyHandler : SqlMapper.TypeHandler<DateOnly>
    {
        public override void SetValue(IDbDataParameter parameter, DateOnly value)
        {
            if (parameter is SqliteParameter)
            {
                parameter.DbType = DbType.String;
                parameter.Value = value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            }
            else
            {
                parameter.DbType = DbType.Date;
                parameter.Value = value.ToDateTime(TimeOnly.MinValue);
            }
        }

        public override DateOnly Parse(object value) => value switch
        {
            DateOnly d => d,
            DateTime dt => DateOnly.FromDateTime(dt),
            string s => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture),
            _ => throw new DataException($"Cannot read {value.GetType()} as a date."),
        };
    }
}
