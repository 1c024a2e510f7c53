// QT-prolonging drugs with a low potassium or a long QTc. AHA/ACCF scientific statement on prevention of
// torsade de pointes in hospital settings (Drew et al., Circulation 2010): risk rises with QTc > 500 ms and with
// hypokalaemia; keep potassium at 4.0 mmol/L or above on such drugs. Drugs: CredibleMeds "Known Risk of TdP"
// list (2024), see QT_PROLONGING.
import { POTASSIUM_CODES, QTC_CODES } from '../../terminology/lab-codes.ts';
import { QT_PROLONGING } from '../../terminology/medication-codes.ts';
import { fired, guideline, insufficient, NOTHING, ruleFinding, type Rule } from './rule-kit.ts';
import { describePoint, listInWords } from './rule-text.ts';
import { latestPlausible, medicationsWith } from './rule-view.ts';

export const QT_LOW_POTASSIUM_MMOL_L = 3.5;
export const QTC_LONG_MS = 500;
const RECENT_DAYS = 365;

export const qtRiskRule: Rule = {
  id: 'qt-risk',
  source: guideline('AHA/ACCF QT scientific statement', 2010),
  evaluate(view) {
    const rule = qtRiskRule;
    const drugs = medicationsWith(view, QT_PROLONGING);
    if (drugs.length === 0) return NOTHING;
    const potassium = latestPlausible(
      view.points(POTASSIUM_CODES).filter((point) => point.unit === 'mmol/L'),
      RECENT_DAYS,
    );
    const qtc = latestPlausible(
      view.points(QTC_CODES).filter((point) => point.unit === 'ms'),
      RECENT_DAYS,
    );
    const lowPotassium =
      potassium !== undefined && potassium.value < QT_LOW_POTASSIUM_MMOL_L ? potassium : undefined;
    const longQtc = qtc !== undefined && qtc.value > QTC_LONG_MS ? qtc : undefined;
    if (lowPotassium === undefined && longQtc === undefined) {
      return potassium === undefined && qtc === undefined
        ? insufficient(rule.id, 'on a QT-prolonging drug with no potassium or QTc in the last 12 months')
        : NOTHING;
    }
    const reasons = [
      lowPotassium === undefined ? undefined : `potassium ${describePoint(lowPotassium)}`,
      longQtc === undefined ? undefined : `QTc ${describePoint(longQtc)}`,
    ].filter((reason): reason is string => reason !== undefined);
    return fired(
      ruleFinding({
        rule,
        title: `QT-prolonging drug with ${longQtc === undefined ? 'low potassium' : lowPotassium === undefined ? 'a long QTc' : 'low potassium and a long QTc'}`,
        category: 'medication-safety',
        urgency: 'soon',
        rationale: `${listInWords(drugs.map((drug) => drug.name))} ${drugs.length === 1 ? 'prolongs' : 'prolong'} the QT interval, with ${listInWords(reasons)}.`,
        recommendedAction:
          'Correct potassium (aim for 4.0 mmol/L or more) and magnesium, get an ECG, and review the need for the drug or a safer alternative (AHA/ACCF 2010: QTc above 500 ms, hypokalaemia).',
        evidence: [...drugs.map((drug) => drug.source), lowPotassium?.source, longQtc?.source],
      }),
    );
  },
};
