/**
 * A field's value as the diff shows it: lists one item a line (timeline slots on one line),
 * a steering level by its label, nothing as a dash, the rest as written.
 */
export function showValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) {
    if (value.length === 0) return '—';
    if (value.every(isTermSlot)) return value.map((slot) => `${slot.year} ${slot.term}`).join(', ');
    return value.map((item) => (typeof item === 'string' ? item : showValue(item))).join('\n');
  }
  if (typeof value === 'object') {
    const label = (value as { label?: unknown }).label;
    if (typeof label === 'string') return label;
    if (isTermSlot(value)) return `${value.year} ${value.term}`;
    return JSON.stringify(value);
  }
  return String(value);
}

function isTermSlot(value: unknown): value is { year: string; term: string } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { year?: unknown }).year === 'string' &&
    typeof (value as { term?: unknown }).term === 'string'
  );
}
