import { afterEach, describe, expect, it, vi } from 'vitest';
import { fetchSmartStyle, parseSmartStyle } from './smart-style.ts';

describe('parseSmartStyle', () => {
  it('keeps the values of the SMART example style document', () => {
    expect(
      parseSmartStyle({
        color_background: '#edeae3',
        color_error: '#9e2d2d',
        color_highlight: '#69b5ce',
        color_modal_backdrop: '',
        color_success: '#498e49',
        color_text: '#303030',
        dim_border_radius: '6px',
        dim_font_size: '13px',
        dim_spacing_size: '20px',
        font_family_body: "Georgia, Times, 'Times New Roman', serif",
        font_family_heading: "'HelveticaNeue-Light', Helvetica, Arial, 'Lucida Grande', sans-serif",
      }),
    ).toEqual({
      color_background: '#edeae3',
      color_error: '#9e2d2d',
      color_highlight: '#69b5ce',
      color_success: '#498e49',
      color_text: '#303030',
      dim_border_radius: '6px',
      dim_font_size: '13px',
      dim_spacing_size: '20px',
      font_family_body: "Georgia, Times, 'Times New Roman', serif",
      font_family_heading: "'HelveticaNeue-Light', Helvetica, Arial, 'Lucida Grande', sans-serif",
    });
  });

  it('accepts rgba() colours and 0 lengths', () => {
    expect(
      parseSmartStyle({
        color_modal_backdrop: 'rgba(49, 45, 42, 0.6)',
        dim_border_radius: '0px',
        dim_spacing_size: '0',
      }),
    ).toEqual({
      color_modal_backdrop: 'rgba(49, 45, 42, 0.6)',
      dim_border_radius: '0px',
      dim_spacing_size: '0',
    });
  });

  it('drops values that are not plain colours, lengths or font lists', () => {
    expect(
      parseSmartStyle({
        color_background: 'url(https://tracker.example/x.png)',
        color_text: 'red; background: url(x)',
        dim_font_size: 'calc(100vw)',
        font_family_body: 'Arial; } body { display: none',
        color_error: 42,
        unknown_key: '#fff',
      }),
    ).toEqual({});
  });

  it('throws when the document is not an object', () => {
    expect(() => parseSmartStyle('#fff')).toThrow();
    expect(() => parseSmartStyle(null)).toThrow();
  });
});

describe('fetchSmartStyle', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('fetches without credentials and parses the document', async () => {
    const fetchMock = vi.fn(() => Promise.resolve(Response.json({ color_text: '#000000' })));
    vi.stubGlobal('fetch', fetchMock);
    await expect(fetchSmartStyle('https://ehr.example/style.json')).resolves.toEqual({
      color_text: '#000000',
    });
    expect(fetchMock).toHaveBeenCalledWith(
      new URL('https://ehr.example/style.json'),
      expect.objectContaining({ credentials: 'omit' }),
    );
  });

  it('rejects on an HTTP error and on a URL that is not http(s)', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(() => Promise.resolve(new Response('nope', { status: 404 }))),
    );
    await expect(fetchSmartStyle('https://ehr.example/style.json')).rejects.toThrow(/404/u);
    await expect(fetchSmartStyle('javascript:alert(1)')).rejects.toThrow(/not http/u);
  });
});
