/**
 * GET /models and GET /models/{model} in the emulator: the profile's models in OpenAI's Model shape, with
 * the extras the profile declares: a model row's `category`, and every `extensions` row `in: model`
 * (a value generated from its schema, on the models it names).
 */
import type { Profile } from '../../spec/profile.types.js';
import { knownModels } from '../profile-view.js';
import { instanceOf, prng, hash32 } from '../generator.js';
import { option } from '../../checks/endpoints/operations.js';

const MODELS_CREATED = 1_700_000_000;

export function modelObject(profile: Profile, id: string): Record<string, unknown> {
  const row = profile.models?.[id];
  const m: Record<string, unknown> = { id, object: 'model', created: MODELS_CREATED, owned_by: profile.profile };
  if (row?.category) m.category = row.category;
  // Extra fields the models row declares on every model (FlexAI's category): the chat models are "text".
  const listRow = profile.endpoints?.models;
  for (const field of listRow ? (option(listRow, 'modelFields', 'array') ?? []) : []) if (!(field in m)) m[field] = field === 'category' ? 'text' : field;
  for (const [name, ext] of Object.entries(profile.extensions ?? {})) {
    if (ext.in !== 'model' || (ext.models && !ext.models.includes(id))) continue;
    m[name] = instanceOf(ext.schema, prng(hash32(`${id}|${name}`)));
  }
  return m;
}

export function modelList(profile: Profile): { object: 'list'; data: Record<string, unknown>[] } {
  return { object: 'list', data: knownModels(profile).map((id) => modelObject(profile, id)) };
}
