import { aiContextSchema, type AiContextBody } from '../../definitions/ai-context-definition.js';
import { parseKeywordRule, publicKeywordRule } from '../../definitions/bot-definition.js';
import { parseFlow, type FlowBody } from '../../definitions/flow-definition.js';
import { keepMaskedSecrets, mapAiContextSecrets, mapFlowSecrets, masked, type SecretMap } from '../../definitions/secret-fields.js';
import type { KeywordRule } from '../../engine/types.js';
import type { Clock } from '../../lib/clock.js';
import type { DocumentStore, Store, StoredDocument } from '../../store/index.js';
import type { Collection } from './collection-routes.js';

/** A stored item as the input it was made from, so a PUT can merge fields into it. */
function ruleAsInput(rule: KeywordRule) {
  const { id: _id, position: _position, ...input } = publicKeywordRule(rule) as KeywordRule;
  return input;
}

export function keywordRules(store: Store, clock: Clock): Collection<KeywordRule, ReturnType<typeof publicKeywordRule>> {
  return {
    noun: 'keyword rule',
    list: (botId) => store.bots.keywordRules(botId),
    get: (botId, id) => store.bots.keywordRule(botId, id),
    async create(botId, input) {
      const { position: _p, ...rule } = parseKeywordRule(input, 0);
      return store.bots.createKeywordRule(botId, rule, clock.now().toISOString());
    },
    async update(botId, existing, input) {
      const rule = parseKeywordRule({ ...ruleAsInput(existing), ...(input as object) }, existing.position, existing.id);
      await store.bots.updateKeywordRule(botId, rule);
      return rule;
    },
    remove: (botId, id) => store.bots.deleteKeywordRule(botId, id),
    check: (input, existing) => void parseKeywordRule(existing ? { ...ruleAsInput(existing), ...(input as object) } : input, 0),
    view: publicKeywordRule,
  };
}

export function documentView<T>(doc: StoredDocument<T>) {
  return { id: doc.id, ...doc.body, created_at: doc.createdAt, updated_at: doc.updatedAt };
}

/**
 * Validated documents (AI contexts, flows, teams, canned responses), merged field by field on
 * PUT. With `secrets` (where the document holds credentials) the views mask them and a masked
 * value sent back keeps the stored one.
 */
export function documents<T extends object>(
  noun: string,
  docs: DocumentStore<T>,
  parse: (input: unknown) => T,
  clock: Clock,
  secrets?: SecretMap<T>,
): Collection<StoredDocument<T>, ReturnType<typeof documentView<T>>> {
  const unmasked = (body: T, stored: T | undefined) => (secrets ? keepMaskedSecrets(secrets, body, stored) : body);
  // The routes drop the view's read-only fields (writableFields) before a body gets here.
  const merged = (existing: StoredDocument<T>, input: unknown) => ({ ...existing.body, ...(input as object) });
  return {
    noun,
    list: (botId) => docs.list(botId),
    get: (botId, id) => docs.get(botId, id),
    create: (botId, input) => docs.create(botId, unmasked(parse(input), undefined), clock.now().toISOString()),
    async update(botId, existing, input) {
      const body = unmasked(parse(merged(existing, input)), existing.body);
      const updated = await docs.update(botId, existing.id, body, clock.now().toISOString());
      return updated ?? { ...existing, body };
    },
    remove: (botId, id) => docs.remove(botId, id),
    check: (input, existing) => void parse(existing ? merged(existing, input) : input),
    view: (doc) => documentView(secrets ? { ...doc, body: masked(secrets, doc.body) } : doc),
  };
}

export const aiContexts = (store: Store, clock: Clock) =>
  documents<AiContextBody>('AI context', store.aiContexts, (input) => aiContextSchema.parse(input), clock, mapAiContextSecrets);

export const flows = (store: Store, clock: Clock) => documents<FlowBody>('flow', store.flows, parseFlow, clock, mapFlowSecrets);
