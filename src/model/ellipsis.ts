/**
 * Long user-supplied text in a message: its start and end around an
 * ellipsis, with its length, so a message stays one readable line whatever
 * the input holds (a 100,000-character path, a method of any length).
 */
export const MESSAGE_TEXT_MAX = 80;

export function ellipsize(text: string, max = MESSAGE_TEXT_MAX): string {
  if (text.length <= max) return text;
  // Whole code points only: never half a surrogate pair.
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  const head = Math.ceil((max - 1) * 0.75);
  const tail = max - 1 - head;
  return `${chars.slice(0, head).join("")}…${chars.slice(chars.length - tail).join("")} (${chars.length} characters)`;
}

/** As JSON-quoted text, the length (when shortened) after the closing quote: `"/x/yyy…yyy" (1112 characters)`. */
export function quotedShort(text: string, max = MESSAGE_TEXT_MAX): string {
  const short = ellipsize(text, max);
  if (short === text) return JSON.stringify(text);
  const cut = short.lastIndexOf(" (");
  return `${JSON.stringify(short.slice(0, cut))}${short.slice(cut)}`;
}
