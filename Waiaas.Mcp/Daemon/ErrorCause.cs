namespace Waiaas.Mcp.Daemon;

/// <summary>
/// An API error this server makes or recognises, beyond what the daemon says: the layer that words results for the
/// model (Results/Guidance) gives each its hint.
/// </summary>
internal enum ErrorCause
{
    /// <summary>The daemon's own error, passed on as it came.</summary>
    Daemon,

    /// <summary>A configuration problem: nothing is sent until the user fixes the environment.</summary>
    ConfigurationProblem,

    /// <summary>
    /// 503 SYSTEM_LOCKED "Only localhost access allowed": WAIAAS_BASE_URL names a host the daemon refuses.
    /// </summary>
    WrongHost,

    /// <summary>One answer is larger than this server reads.</summary>
    AnswerTooLarge,

    /// <summary>
    /// This answer and the others being read would take more memory than this server holds for answers.
    /// </summary>
    AnswersInFlightTooLarge,
}
