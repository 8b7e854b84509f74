import { isRecord, unexpected, type HttpResponse, badResponse } from '../internal/http.js';
import type { RuleId } from '../rules/index.js';
import { rejectedRules } from './rule-list.js';

/** What the server made of a secret sent to be saved. */
export type SaveAnswer = { kind: 'saved'; response: unknown } | { kind: 'rejected'; rules: RuleId[] };

/** The server's answer to a save, as the contract gives it; throws the `RequestError` of any other. */
export function saveAnswerOf(response: HttpResponse): SaveAnswer {
  if (response.status >= 200 && response.status < 300) {
    // The secret is stored once the server says 2xx, whatever the body: a
    // retry would only meet the history rule.
    const body = isRecord(response.body) || Array.isArray(response.body) ? response.body : null;
    return { kind: 'saved', response: body };
  }
  if (response.status === 422) {
    const rules = rejectedRules(response.body);
    if (!rules) throw badResponse(422);
    return { kind: 'rejected', rules };
  }
  throw unexpected(response);
}
