namespace Waiaas.Mcp.Tests.Support;

/// <summary>How a <see cref="ChaosDaemon"/> misbehaves until the test sets <see cref="None"/> again.</summary>
public enum ChaosFault
{
    /// <summary>Answers like the real daemon.</summary>
    None,

    /// <summary>Accepts every request and never answers.</summary>
    Hang,

    /// <summary>Aborts every connection without an answer.</summary>
    ResetConnections,

    /// <summary>Answers correctly, but only after <see cref="ChaosDaemon.SlowAnswerDelay"/>.</summary>
    SlowAnswers,

    /// <summary>Answers 500, 502 (not JSON) and 503 in turn.</summary>
    ServerErrorStorm,

    /// <summary>Answers 429 RATE_LIMITED to everything.</summary>
    RateLimitStorm,

    /// <summary>The kill switch: 503 SYSTEM_LOCKED except on /health, /v1/admin/* and /v1/owner/*.</summary>
    KillSwitch,
}
