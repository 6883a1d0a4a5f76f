/**
 * Input that a statistics routine cannot use (a negative time, an event code that is not 0/1, too few
 * groups). Names the field (a column or argument) so the CLI and the API can point at it; the message
 * carries the line number when the problem comes from a CSV row.
 */
export class StatsInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'StatsInputError';
  }
}
