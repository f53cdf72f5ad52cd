import { formatNumber, useLanguage } from '../shared/i18n';
import { TEAM } from './messages';

export interface PersonFigures {
  userId: number;
  name: string;
  handled: number;
  answered: number;
  answerMet: number;
  answerLate: number;
  followUps: number;
  followUpMet: number;
  followUpLate: number;
}

/** The recap per person: complaints handled and answered on time, dispositions followed up on time. */
export function RecapByPerson({ people }: { people: PersonFigures[] }) {
  const { t, lang } = useLanguage();
  const n = (v: number) => formatNumber(v, lang);
  return (
    <section className="panel recap-chart" aria-labelledby="recap-by-person">
      <h2 id="recap-by-person">{t(TEAM.recapByPerson)}</h2>
      {people.length === 0 ? (
        <p className="muted">{t(TEAM.recapNobody)}</p>
      ) : (
        <table className="table" data-testid="recap-by-person">
          <thead>
            <tr>
              <th scope="col">{t(TEAM.ownerColumn)}</th>
              <th scope="col">{t(TEAM.recapHandled)}</th>
              <th scope="col">{t(TEAM.recapAnswerMet)}</th>
              <th scope="col">{t(TEAM.recapAnswerLate)}</th>
              <th scope="col">{t(TEAM.recapFollowUps)}</th>
              <th scope="col">{t(TEAM.recapFollowUpMet)}</th>
              <th scope="col">{t(TEAM.recapFollowUpLate)}</th>
            </tr>
          </thead>
          <tbody>
            {people.map((p) => (
              <tr key={p.userId}>
                <th scope="row">{p.name}</th>
                <td className="num">{n(p.handled)}</td>
                <td className="num">{n(p.answerMet)}</td>
                <td className="num">{n(p.answerLate)}</td>
                <td className="num">{n(p.followUps)}</td>
                <td className="num">{n(p.followUpMet)}</td>
                <td className="num">{n(p.followUpLate)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
