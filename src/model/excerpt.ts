/**
 * Echoing user input in a message, bounded: a message quotes at most a short
 * excerpt, so a 6 KB file passed where a name belongs never floods stderr.
 */

export const MAX_ECHO = 80;

/** `text` as a JSON string, cut to `max` characters with the cut said. */
export function excerpt(text: string, max = MAX_ECHO): string {
  if (text.length <= max) return JSON.stringify(text);
  return `${JSON.stringify(text.slice(0, max))}… (${text.length} characters)`;
}
