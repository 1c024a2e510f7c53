/** A readable message for anything thrown: the one place that turns `unknown` into text. */
export function toErrorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  if (typeof error === 'string') return error;
  if (typeof error === 'number' || typeof error === 'boolean' || typeof error === 'bigint')
    return String(error);
  if (error === null || typeof error !== 'object') return 'Unknown error';
  try {
    return JSON.stringify(error);
  } catch {
    return 'Unknown error (a value that cannot be shown as text)';
  }
}
