// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { applySmartStyle, markSmartStyleUnavailable, smartStyleCssProperties } from './apply-smart-style.ts';

describe('smartStyleCssProperties', () => {
  it('maps SMART style keys to --smart-* custom properties', () => {
    expect(
      smartStyleCssProperties({
        color_background: '#F0F2F4',
        dim_font_size: '10px',
        font_family_body: 'Arial, sans-serif',
      }),
    ).toEqual({
      '--smart-color-background': '#F0F2F4',
      '--smart-dim-font-size': '10px',
      '--smart-font-family-body': 'Arial, sans-serif',
    });
  });
});

describe('applySmartStyle', () => {
  it('sets the properties on the root and records the outcome', () => {
    const root = document.createElement('div');
    applySmartStyle({ color_text: '#303030' }, root);
    expect(root.style.getPropertyValue('--smart-color-text')).toBe('#303030');
    expect(root.dataset['smartStyle']).toBe('applied');
    markSmartStyleUnavailable(root);
    expect(root.dataset['smartStyle']).toBe('unavailable');
  });
});
