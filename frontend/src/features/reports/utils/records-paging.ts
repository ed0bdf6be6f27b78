/** Where the next page of a figure's records starts, or undefined when every record is listed. */
export function nextRecordsOffset(page: { offset: number; total: number; rows: readonly unknown[] }): number | undefined {
  const next = page.offset + page.rows.length;
  // an empty page ends the list even if the total says more (the figure moved meanwhile)
  return page.rows.length > 0 && next < page.total ? next : undefined;
}
