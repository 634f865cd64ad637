// Column sorting of the dashboard's tables. Pure, so the webview and the tests share it.

/** What a column sorts by: numbers numerically, text by locale; null (unknown, none) always last. */
export type SortValue = string | number | null;

export interface SortState {
  column: number;
  descending: boolean;
}

/**
 * The sort after a click on a column's header: the same column again reverses; a new column starts with
 * the dearest (largest) first for numbers and A to Z for text.
 */
export function nextSort(current: SortState | undefined, column: number, numeric: boolean): SortState {
  if (current && current.column === column) return { column, descending: !current.descending };
  return { column, descending: numeric };
}

export function compareSortValues(a: SortValue, b: SortValue, descending: boolean): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  const order = typeof a === "number" && typeof b === "number" ? a - b : String(a).localeCompare(String(b), "en", { numeric: true });
  return descending ? -order : order;
}

/** The rows in the order of `sort` (stable: equal rows keep their order); the input is left as it is. */
export function sortRows<Row>(rows: readonly Row[], valueOf: (row: Row, column: number) => SortValue, sort: SortState): Row[] {
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => compareSortValues(valueOf(a.row, sort.column), valueOf(b.row, sort.column), sort.descending) || a.index - b.index)
    .map(({ row }) => row);
}
