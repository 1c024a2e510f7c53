// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { SmartLaunchError, type SmartLaunchErrorKind } from '../smart/launch-error.ts';
import { ErrorScreen } from './error-screen.tsx';

afterEach(() => {
  cleanup();
});

describe('ErrorScreen (the contract the e2e tests rely on)', () => {
  it.each([
    ['missing-iss', 'Chartside needs to be launched from an EHR', /patient's chart in your EHR/u],
    ['unknown-iss', 'This EHR is not registered with Chartside', /launch\/registered-ehrs\.json/u],
    [
      'registry-invalid',
      "Chartside's list of registered EHRs is invalid",
      /chartside registration check launch\/registered-ehrs\.json/u,
    ],
    ['opened-directly', 'Chartside was opened without a launch', /from the patient's chart in your EHR/u],
    ['access-denied', 'Access was not granted', /choose Allow/u],
    ['token-error', 'The EHR did not start a session', /again from the patient's chart/u],
    ['network', 'Chartside could not reach the EHR', /connected to the hospital network/u],
    ['session-expired', 'Your session has expired', /open Chartside again from the patient's chart/u],
    ['launch-failed', 'Chartside could not start', /contact your EHR administrator/u],
  ] as const satisfies readonly (readonly [SmartLaunchErrorKind, string, RegExp])[])(
    '%s: <main data-error-kind role="alert"> with its <h1> and what to do',
    (kind, title, whatToDo) => {
      render(
        <ErrorScreen
          error={new SmartLaunchError(kind, 'technical detail', { iss: 'https://ehr.example/R4' })}
        />,
      );
      const main = screen.getByRole('alert');
      expect(main.tagName).toBe('MAIN');
      expect(main.getAttribute('data-error-kind')).toBe(kind);
      expect(within(main).getByRole('heading', { level: 1 }).textContent).toBe(title);
      expect(Array.from(main.querySelectorAll('p'), (paragraph) => paragraph.textContent).join(' ')).toMatch(
        whatToDo,
      );
      expect(within(main).getByText('technical detail')).toBeTruthy();
    },
  );

  it('uses current vendor terms for registration', () => {
    render(
      <ErrorScreen error={new SmartLaunchError('unknown-iss', 'x', { iss: 'https://ehr.example/R4' })} />,
    );
    const text = screen.getByRole('alert').textContent;
    expect(text).not.toMatch(/Orchard/u);
    expect(text).toContain('Epic on FHIR');
    expect(text).toContain('Oracle Health Code Console');
  });

  const startAgainKinds = [
    'opened-directly',
    'access-denied',
    'token-error',
    'network',
    'session-expired',
    'launch-failed',
  ] as const satisfies readonly SmartLaunchErrorKind[];

  it.each(startAgainKinds)(
    '%s after a standalone launch: start again from the sign-in link, not the chart',
    (kind) => {
      render(<ErrorScreen error={new SmartLaunchError(kind, 'x', { launchType: 'standalone' })} />);
      const text = screen.getByRole('alert').textContent;
      expect(text).toMatch(/start again from Chartside's sign-in link/iu);
      expect(text).toMatch(/sign in to the EHR again/u);
      expect(text).not.toMatch(/from the patient's chart/u);
    },
  );

  it.each(startAgainKinds)('%s after an EHR launch: open it again from the chart', (kind) => {
    render(<ErrorScreen error={new SmartLaunchError(kind, 'x', { launchType: 'ehr' })} />);
    const text = screen.getByRole('alert').textContent;
    expect(text).toMatch(/open Chartside again from the patient's chart in your EHR/iu);
    expect(text).not.toMatch(/sign-in link/u);
  });

  it.each(startAgainKinds)('%s when the launch type is unknown: both ways to start again', (kind) => {
    render(<ErrorScreen error={new SmartLaunchError(kind, 'x')} />);
    const text = screen.getByRole('alert').textContent;
    expect(text).toMatch(/from the patient's chart in your EHR/u);
    expect(text).toMatch(/Chartside's own sign-in link/u);
  });

  it('names the unknown iss verbatim', () => {
    const iss = 'https://fhir.hospital.example/interconnect-prd-oauth/api/FHIR/R4';
    render(<ErrorScreen error={new SmartLaunchError('unknown-iss', 'x', { iss })} />);
    expect(screen.getByText(iss).tagName).toBe('CODE');
  });

  it('quotes what the EHR said, as text', () => {
    render(
      <ErrorScreen
        error={new SmartLaunchError('token-error', 'x', { ehrDescription: '<b>Code expired</b>' })}
      />,
    );
    const main = screen.getByRole('alert');
    expect(main.querySelector('b')).toBeNull();
    expect(main.textContent).toContain('The EHR said: <b>Code expired</b>.');
  });
});
