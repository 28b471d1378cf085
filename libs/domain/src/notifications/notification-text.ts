/** The languages notifications are written in. */
export const NOTIFICATION_LANGUAGES = ['es', 'fr', 'en'] as const;
export type NotificationLanguage = (typeof NOTIFICATION_LANGUAGES)[number];

export interface NotificationFacts {
  kind: string;
  applicationTitle: string;
  programmeName: string;
  /** The stage's name as the programme's definition words it. */
  stageName: string | null;
  /** A deadline, on the clock of the zone that counts it. */
  dueAt: string | null;
}

type Phrase = (f: NotificationFacts) => string;
const at = (f: NotificationFacts) => (f.stageName ? ` — ${f.stageName}` : '');

/** What happened, per event kind; kinds without a phrase are named by their code. */
const PHRASES: Record<NotificationLanguage, Record<string, Phrase>> = {
  es: {
    SUBMITTED: () => 'Solicitud presentada',
    STAGE_STARTED: (f) => `Comienza la etapa${at(f)}`,
    STAGE_COMPLETED: (f) => `Etapa concluida${at(f)}`,
    DEADLINE_NEAR: (f) => `Plazo próximo a vencer${at(f)}: vence el ${f.dueAt ?? '?'}`,
    DEADLINE_EXPIRED: (f) => `Plazo vencido${at(f)}`,
    REVIEW_APPROVED: (f) => `Revisión aprobada${at(f)}`,
    REVIEW_REJECTED: (f) => `Revisión rechazada${at(f)}`,
    COMMITTEE_APPROVED: (f) => `El comité aprobó el proyecto${at(f)}`,
    COMMITTEE_REJECTED: (f) => `El comité rechazó el proyecto${at(f)}`,
    TRANCHE_DISBURSED: (f) => `Ministración pagada${at(f)}`,
    REJECTED: () => 'Solicitud rechazada',
    WITHDRAWN: () => 'Solicitud retirada',
    COMPLETED: () => 'Proyecto concluido',
  },
  fr: {
    SUBMITTED: () => 'Demande déposée',
    STAGE_STARTED: (f) => `Début de l’étape${at(f)}`,
    STAGE_COMPLETED: (f) => `Étape terminée${at(f)}`,
    DEADLINE_NEAR: (f) => `Échéance proche${at(f)} : le ${f.dueAt ?? '?'}`,
    DEADLINE_EXPIRED: (f) => `Échéance dépassée${at(f)}`,
    REVIEW_APPROVED: (f) => `Examen favorable${at(f)}`,
    REVIEW_REJECTED: (f) => `Examen défavorable${at(f)}`,
    COMMITTEE_APPROVED: (f) => `Le comité a approuvé le projet${at(f)}`,
    COMMITTEE_REJECTED: (f) => `Le comité a rejeté le projet${at(f)}`,
    TRANCHE_DISBURSED: (f) => `Tranche versée${at(f)}`,
    REJECTED: () => 'Demande rejetée',
    WITHDRAWN: () => 'Demande retirée',
    COMPLETED: () => 'Projet achevé',
  },
  en: {
    SUBMITTED: () => 'Application submitted',
    STAGE_STARTED: (f) => `Stage started${at(f)}`,
    STAGE_COMPLETED: (f) => `Stage completed${at(f)}`,
    DEADLINE_NEAR: (f) => `Deadline approaching${at(f)}: due ${f.dueAt ?? '?'}`,
    DEADLINE_EXPIRED: (f) => `Deadline passed${at(f)}`,
    REVIEW_APPROVED: (f) => `Review approved${at(f)}`,
    REVIEW_REJECTED: (f) => `Review rejected${at(f)}`,
    COMMITTEE_APPROVED: (f) => `The committee approved the project${at(f)}`,
    COMMITTEE_REJECTED: (f) => `The committee rejected the project${at(f)}`,
    TRANCHE_DISBURSED: (f) => `Tranche paid${at(f)}`,
    REJECTED: () => 'Application rejected',
    WITHDRAWN: () => 'Application withdrawn',
    COMPLETED: () => 'Project completed',
  },
};

const FOOTER: Record<NotificationLanguage, string> = {
  es: 'Consulte la solicitud en codev para ver quién actuó y por qué.',
  fr: 'Consultez la demande dans codev pour savoir qui a agi et pourquoi.',
  en: 'Open the application in codev to see who acted and why.',
};

/** A notification's subject and body in the recipient's language, with the programme's wording. */
export function notificationText(
  language: NotificationLanguage,
  f: NotificationFacts,
): { subject: string; text: string } {
  const what = PHRASES[language][f.kind]?.(f) ?? `${f.kind}${at(f)}`;
  return {
    subject: `${f.applicationTitle}: ${what}`,
    text: `${f.programmeName}\n${f.applicationTitle}\n\n${what}\n\n${FOOTER[language]}\n`,
  };
}
