// A new survey's thresholds unless its creator sets others. Apart from the store, so `okno survey create --help`
// can show them without loading the survey domain.

/** Figures of a group are shown from this many respondents. */
export const DEFAULT_MIN_GROUP = 5;
/** A group's comments are shown from this many respondents. */
export const DEFAULT_MIN_COMMENTS = 10;
