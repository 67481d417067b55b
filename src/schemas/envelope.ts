import * as z from 'zod/mini';

/**
 * One entry of an envelope's `errors` or `messages`. Custom-hostname endpoints send
 * `messages` as plain strings, the fallback-origin endpoints as objects: both are accepted.
 *
 * @example
 * ```ts
 * MessageSchema.parse({ code: 1406, message: 'Duplicate custom hostname found.' });
 * MessageSchema.parse('a plain string message');
 * ```
 */
export const MessageSchema = z.union([
  z.string(),
  z.looseObject({
    code: z.optional(z.number()),
    message: z.optional(z.string()),
    documentation_url: z.optional(z.string()),
    source: z.optional(z.looseObject({ pointer: z.optional(z.string()) })),
  }),
]);

/** An envelope error or message. @example `const m: CloudflareMessage = { code: 1436, message: 'Custom hostname not found' }` */
export type CloudflareMessage = z.infer<typeof MessageSchema>;

/**
 * Paging details of a list response. Every field is optional, as in the API.
 *
 * @example
 * ```ts
 * ResultInfoSchema.parse({ page: 1, per_page: 1000, count: 1000, total_count: 10000, total_pages: 10 });
 * ```
 */
export const ResultInfoSchema = z.looseObject({
  page: z.nullish(z.number()),
  per_page: z.nullish(z.number()),
  count: z.nullish(z.number()),
  total_count: z.nullish(z.number()),
  total_pages: z.nullish(z.number()),
});

/** Paging details of a list response. @example `const info: ResultInfo = { page: 2, total_pages: 10 }` */
export type ResultInfo = z.infer<typeof ResultInfoSchema>;

/**
 * Cloudflare's v4 envelope, `result` left opaque: the resource schema parses it next.
 *
 * @example
 * ```ts
 * EnvelopeSchema.parse({ success: true, errors: [], messages: [], result: { id: 'x' } });
 * ```
 */
export const EnvelopeSchema = z.looseObject({
  success: z.boolean(),
  errors: z.nullish(z.array(MessageSchema)),
  messages: z.nullish(z.array(MessageSchema)),
  result: z.optional(z.unknown()),
  result_info: z.nullish(ResultInfoSchema),
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
