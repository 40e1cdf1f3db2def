import { describe, expect, it } from 'vitest';
import { LeadscoreError } from '../../../core/errors.ts';
import { loadModel, modelKinds, modelRecipe } from '../../../models/registry/loadModel.ts';
import { frameOf } from '../../features/frameFixture.ts';
import { fakeArtifact } from './registryFixture.ts';

const frame = frameOf({ numeric: { size: [1, 8] }, categorical: { channel: ['web', 'ads'] } });

describe('loadModel', () => {
  it('loads a logistic regression that scores a frame', () => {
    const { encoder, model } = loadModel(fakeArtifact('logreg-a'));
    expect(model.kind).toBe('logistic-regression');
    expect(typeof model.contributions).toBe('function');
    const p = model.predictProba(encoder.transform(frame));
    expect(p).toHaveLength(2);
    for (const value of p) expect(value).toBeGreaterThan(0);
  });

  it('gives the recipe unfitted, with the saved parameters', () => {
    const { encoder, model } = modelRecipe(fakeArtifact('logreg-a', {}, 0.01));
    expect(encoder.fitted).toBe(false);
    expect(model.fitted).toBe(false);
    expect(model.params).toMatchObject({ C: 0.01 });
    expect(encoder.params).toEqual({ min_category_count: 1, max_categories: 10, log_skew_threshold: 2 });
  });

  it('stops with a model error listing the kinds it knows for an unknown kind', () => {
    let error: unknown;
    try {
      loadModel(fakeArtifact('mystery-a', { kind: 'mystery' }));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LeadscoreError);
    expect((error as LeadscoreError).code).toBe('model');
    expect((error as LeadscoreError).details.expected).toBe(`one of: ${modelKinds.join(', ')}`);
  });
});
