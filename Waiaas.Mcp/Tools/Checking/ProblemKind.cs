namespace Waiaas.Mcp.Tools.Checking;

/// <summary>
/// What is wrong with one argument (or one field of one); the wording is <see cref="ArgumentProblemText"/>'s.
/// </summary>
internal enum ProblemKind
{
    /// <summary>The tool has no argument (or the object no field) of this name.</summary>
    Unknown,

    Required,

    WrongType,

    /// <summary>Not one of the allowed values (enum or const).</summary>
    NotAllowed,

    OutOfRange,

    TooShort,

    TooLong,

    PatternMismatch,

    NotAbsoluteUri,

    WrongItemCount,

    /// <summary>A string with an unpaired surrogate (a cut emoji): no text the daemon could read as meant.</summary>
    InvalidText,

    /// <summary>A name with an unpaired surrogate, in the argument at the path (the top level if empty).</summary>
    InvalidName,

    /// <summary>Empty, a control character, or a dot segment, in a value that becomes a URL path segment.</summary>
    NotAPathSegment,

    /// <summary>None of an object's "at least one of" fields is given.</summary>
    NoneOfGiven,

    /// <summary>Two arguments that each exclude the other, or both or neither of an exactly-one pair.</summary>
    ExactlyOneOf,

    /// <summary>An argument that a value of another argument rules out.</summary>
    RuledOut,

    /// <summary>An argument that a value of another argument makes necessary.</summary>
    RequiredByValue,
}
