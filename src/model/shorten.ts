/**
 * Bounds on what user input puts into a report. A recorded path, a route
 * name or a regex may be any length; a report that repeats it grows with it.
 * Every face shortens such a string with this one helper, so the cut reads
 * the same everywhere: the start of the text, an ellipsis and its length.
 */

/** Characters of a user-supplied string a report shows before cutting it. */
export const MAX_SHOWN_CHARS = 200;

/** Characters of user input a one-line message (an error, a hint) quotes before cutting it. */
export const MAX_QUOTED_CHARS = 80;

/** `text`, or its first `max` characters followed by `…(N chars)`. */
export function shorten(text: string, max = MAX_SHOWN_CHARS): string {
  if (text.length <= max) return text;
  // Never split a surrogate pair: half an emoji is not valid UTF-16 text.
  const end = max > 0 && /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  return `${text.slice(0, end)}…(${text.length} chars)`;
}

/** `text` as a JSON string for a message, cut the same way after the closing quote: `"/x/yyy"…(1112 chars)`. */
export function quotedShort(text: string, max = MAX_QUOTED_CHARS): string {
  const short = shorten(text, max);
  if (short === text) return JSON.stringify(text);
  const cut = short.lastIndexOf("…(");
  return `${JSON.stringify(short.slice(0, cut))}${short.slice(cut)}`;
}

/**
 * Markdown cut at a line end to at most `limit` characters, with `note` (a
 * line saying what was cut) after it. Closes a code fence or `<details>` the
 * cut leaves open, so the rest of the page still renders.
 */
export function fitMarkdown(text: string, limit: number, note: string): string {
  if (text.length <= limit) return text;
  const tail = `\n\n${note}\n`;
  const room = Math.max(0, limit - tail.length - 64);
  let cut = text.lastIndexOf("\n", room);
  if (cut <= 0) cut = room;
  let head = text.slice(0, cut);
  if ((head.match(/^```/gm) ?? []).length % 2 === 1) head += "\n```";
  const open = (head.match(/<details>/g) ?? []).length - (head.match(/<\/details>/g) ?? []).length;
  for (let i = 0; i < open; i++) head += "\n</details>";
  return head + tail;
}

/** Names listed in one sentence before the rest are counted. */
export const MAX_NAMES_LISTED = 5;

/** `"a", "b", "c"`, each name shortened; past `max` names, `and N more`. */
export function quotedList(names: readonly string[], max = MAX_NAMES_LISTED): string {
  const shown = names.slice(0, max).map((n) => `"${shorten(n)}"`);
  if (names.length > max) shown.push(`and ${names.length - max} more`);
  return shown.join(", ");
}
