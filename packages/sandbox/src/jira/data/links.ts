/** Issue links: generated ones and those created through `POST /issueLink`, one row each. */
export class LinkTable {
  readonly outward: number[] = [];
  readonly inward: number[] = [];
  readonly type: number[] = [];
  private readonly byIssue = new Map<number, number[]>();

  /** Adds a link "`outward` <type.outward> `inward`" and returns its row. */
  add(outward: number, inward: number, type: number): number {
    const row = this.outward.length;
    this.outward.push(outward);
    this.inward.push(inward);
    this.type.push(type);
    for (const issue of outward === inward ? [outward] : [outward, inward]) {
      const rows = this.byIssue.get(issue);
      if (rows === undefined) this.byIssue.set(issue, [row]);
      else rows.push(row);
    }
    return row;
  }

  rowsOf(issue: number): readonly number[] {
    return this.byIssue.get(issue) ?? [];
  }

  get size(): number {
    return this.outward.length;
  }

  /** Link ids are rows offset into Jira's usual id range. */
  static idOf(row: number): string {
    return String(10_000 + row);
  }
}
