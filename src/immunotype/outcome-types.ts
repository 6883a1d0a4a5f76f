/**
 * The input of the outcome analyses (issue 14 §3): one record per participant, already read from the
 * database and reduced to what the analyses need, so the analyses stay pure and testable on simulated
 * cohorts. Missing values are null (or an absent key); the analyses say how many they dropped and why.
 */

/** Survival from D0, censored at day 365 by the caller (the study's one-year follow-up). */
export interface SurvivalTime {
  /** Days from D0 to death or to the last contact alive (≥ 0, at most 365). */
  days: number;
  /** True when `days` is the day of death; false when the participant was last known alive then. */
  dead: boolean;
}

/**
 * A competing-risks time for one endpoint (re-admission, new infection, cardiovascular event, …) where death
 * before the event prevents it.
 */
export interface CompetingTime {
  /** Days from D0 to the first event, to death before any event, or to censoring. */
  days: number;
  /** 0 censored (alive and event-free at `days`), 1 the event, 2 death before the event (the competing risk). */
  status: 0 | 1 | 2;
}

export interface OutcomeSubject {
  /** The participant's study identifier; only used to name a record in an error. */
  studyId: string;
  /** The immunotype: rule-based, discovered (clustering) or trajectory class. */
  group: string;
  /** Age in years at inclusion. */
  age: number | null;
  sex: 'male' | 'female' | null;
  /** SOFA-2 score at inclusion (D0). */
  sofa2: number | null;
  /** The adjudicated site of the infection (e.g. "lung", "abdomen"); a category, not ordered. */
  infectionSite: string | null;
  /** Days from D0 to death or to last contact alive, censored at 365; null when never followed up. */
  survival: SurvivalTime | null;
  /** Per competing endpoint (by name): days to the first event, to death (competing) or censoring. */
  competing: Partial<Record<string, CompetingTime>>;
  /** EQ-5D-5L index value per visit code (e.g. "D28", "M3", "M12"); absent when not collected. */
  eq5d: Partial<Record<string, number>>;
}
