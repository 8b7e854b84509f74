import { HttpResponse } from 'msw';

/** Builds an RFC 9457 problem response, as every error of the contract is. */
export function problem(
  status: number,
  title: string,
  detail: string,
  extensions: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): HttpResponse<string> {
  const type = `https://account-secret-elements.example/problems/${slug(title)}`;
  return new HttpResponse(JSON.stringify({ type, title, status, detail, ...extensions }), {
    status,
    headers: { 'Content-Type': 'application/problem+json', ...headers },
  });
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z]+/g, '-').replace(/^-|-$/g, '');
}

/** Reads a JSON request body, or undefined when it is not JSON. */
export async function jsonBody(request: Request): Promise<unknown> {
  try {
    return (await request.json()) as unknown;
  } catch {
    return undefined;
  }
}
