/**
 * The Worker's routes create billable hostnames and report on customers: each request must
 * carry `Authorization: Bearer <ADMIN_TOKEN>` (`npx wrangler secret put ADMIN_TOKEN`).
 */

/** Whether the request carries `Bearer <secret>`, compared by SHA-256 digests in constant time. */
export async function authorized(request: Request, secret: string): Promise<boolean> {
  const given = request.headers.get('authorization')?.match(/^Bearer\s+(.+)$/i)?.[1] ?? '';
  const digest = async (text: string) =>
    new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  const [a, b] = await Promise.all([digest(given), digest(secret)]);
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}
