import * as z from 'zod/mini';

/**
 * A field read by `read` whatever its type, never failing the parse: the envelope's
 * bookkeeping must not fail a call whose result is fine. (An overwrite check rather than
 * `z.catch` or a pipe: those pull 0.4–3.7 kB gzip more of zod into every bundle.)
 */
const lenient = <T>(read: (value: unknown) => T) =>
  z.optional(z.unknown().check(z.overwrite(read)) as unknown as z.ZodMiniType<T, unknown>);

/** A message code or page count: a number, or a string of digits read as one; else absent. */
const LooseCount = lenient((value): number | undefined =>
  typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : undefined,
);

/** A text in an envelope entry: a string, else absent (a `null` reads as absent). */
const LooseText = lenient((value): string | undefined => (typeof value === 'string' ? value : undefined));

/** Where in the request an error points (`{ pointer: '/ssl/method' }`); anything else reads as absent. */
const SourceSchema = z.looseObject({ pointer: LooseText });

/** An entry of {@link MessageSchema} that is an object. */
const MessageObjectSchema = z.looseObject({
  code: LooseCount,
  message: LooseText,
  documentation_url: LooseText,
  source: lenient((value) => SourceSchema.safeParse(value).data),
});

/**
 * One entry of an envelope's `errors` or `messages`. Custom-hostname endpoints send
 * `messages` as plain strings, the fallback-origin endpoints as objects: both are accepted.
 * Every field is read leniently (a `null` `documentation_url`, a code sent as `"1406"`), so
 * the bookkeeping around a result never fails a call that succeeded.
 *
 * @example
 * ```ts
 * MessageSchema.parse({ code: 1406, message: 'Duplicate custom hostname found.' });
 * MessageSchema.parse({ code: '1406', documentation_url: null }); // { code: 1406, documentation_url: undefined }
 * MessageSchema.parse('a plain string message');
 * ```
 */
// Built in a function marked pure, and not used by the envelope reads below: a bundler leaves
// it, and zod's union with it, out of an app that does not import it.
export const MessageSchema = /* @__PURE__ */ (() => z.union([z.string(), MessageObjectSchema]))();

/** An envelope error or message. @example `const m: CloudflareMessage = { code: 1436, message: 'Custom hostname not found' }` */
export type CloudflareMessage = z.infer<typeof MessageSchema>;

/**
 * A list of envelope entries. An entry that is neither a string nor an object is kept as its
 * JSON text; a list that is not an array reads as absent.
 */
const MessageList = lenient((value) => (Array.isArray(value) ? value.map(messageOf) : undefined));

/** One entry as {@link MessageSchema} reads it: a string as it is, anything else as an object. */
function messageOf(entry: unknown): CloudflareMessage {
  if (typeof entry === 'string') return entry;
  const read = MessageObjectSchema.safeParse(entry);
  return read.success ? read.data : (JSON.stringify(entry) ?? String(entry));
}

/**
 * Paging details of a list response. Every field is optional, as in the API, and read
 * leniently: a count sent as a string of digits is read as a number, anything else as absent.
 *
 * @example
 * ```ts
 * ResultInfoSchema.parse({ page: 1, per_page: 1000, count: 1000, total_count: 10000, total_pages: 10 });
 * ResultInfoSchema.parse({ page: '2', total_pages: null }); // { page: 2, total_pages: undefined }
 * ```
 */
export const ResultInfoSchema = z.looseObject({
  page: LooseCount,
  per_page: LooseCount,
  count: LooseCount,
  total_count: LooseCount,
  total_pages: LooseCount,
});

/** Paging details of a list response. @example `const info: ResultInfo = { page: 2, total_pages: 10 }` */
export type ResultInfo = z.infer<typeof ResultInfoSchema>;

/**
 * The `errors` and `messages` of an answer, whatever else it holds: what an error response
 * is read for, even when it is not a well-formed envelope.
 *
 * @example
 * ```ts
 * EnvelopeMessagesSchema.parse({ errors: [{ code: 1406, message: 'Duplicate custom hostname found.' }] });
 * ```
 */
export const EnvelopeMessagesSchema = z.looseObject({ errors: MessageList, messages: MessageList });

/**
 * Cloudflare's v4 envelope, `result` left opaque: the resource schema parses it next. Only
 * `success` must be well-formed; `errors`, `messages` and `result_info` are read leniently.
 *
 * @example
 * ```ts
 * EnvelopeSchema.parse({ success: true, errors: [], messages: [], result: { id: 'x' } });
 * ```
 */
export const EnvelopeSchema = z.looseObject({
  success: z.boolean(),
  errors: MessageList,
  messages: MessageList,
  result: z.optional(z.unknown()),
  result_info: lenient((value) => ResultInfoSchema.safeParse(value).data),
});

/** A parsed v4 envelope. @example `const env: Envelope = { success: true, result: null }` */
export type Envelope = z.infer<typeof EnvelopeSchema>;

/**
 * The `{ id }` answer of a DELETE, bare (as the spec declares) or inside `result`.
 *
 * @example
 * ```ts
 * DeletedSchema.parse({ id: '0d89c70d-ad9f-4843-b99f-6cc0252067e9' });
 * ```
 */
export const DeletedSchema = z.looseObject({ id: z.string() });

/** What a delete returns. @example `const d: Deleted = { id: '0d89c70d-ad9f-4843-b99f-6cc0252067e9' }` */
export type Deleted = z.infer<typeof DeletedSchema>;
