import { useEffect, useState } from 'react';
import { api } from '../shared/api';
import { useLanguage, type Bilingual } from '../shared/i18n';
import { Button } from '../shared/components';

const M = {
  pick: { id: 'Sisipkan informasi perizinan', en: 'Insert permit information' },
  none: { id: '— pilih artikel atau tanya-jawab —', en: '— choose an article or Q&A —' },
  thisPermit: { id: 'Jenis izin pengaduan ini', en: 'This complaint’s permit type' },
  general: { id: 'Umum', en: 'General' },
  others: { id: 'Jenis izin lain', en: 'Other permit types' },
  whole: { id: 'Sisipkan isi lengkap', en: 'Insert the whole text' },
  short: { id: 'Sisipkan ringkasan dan tautan', en: 'Insert summary and link' },
} as const satisfies Record<string, Bilingual>;

interface Item {
  id: number;
  kind: 'article' | 'faq';
  permitTypeId: number | null;
  permitTypeName: string | null;
  title: string;
  text: string;
  summary: string;
  url: string;
}

/**
 * Inserts a published knowledge-base article or answer into the text being drafted (after what is
 * already typed), in the complaint's language: the whole text, or its summary and the portal link.
 */
export function ArticlePicker({ field, permitTypeId, language, current, onInsert }: { field: string; permitTypeId: number | null; language: 'id' | 'en'; current: string; onInsert: (text: string) => void }) {
  const { t } = useLanguage();
  const [items, setItems] = useState<Item[]>([]);
  const [chosen, setChosen] = useState('');
  useEffect(() => {
    let cancelled = false;
    api<{ items: Item[] }>('GET', `/api/staff/knowledge?language=${language}`)
      .then((r) => !cancelled && setItems(r.items))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [language]);
  if (!items.length) return null;
  const groups: [Bilingual, Item[]][] = [
    [M.thisPermit, items.filter((i) => permitTypeId !== null && i.permitTypeId === permitTypeId)],
    [M.general, items.filter((i) => i.permitTypeId === null)],
    [M.others, items.filter((i) => i.permitTypeId !== null && i.permitTypeId !== permitTypeId)],
  ];
  const item = items.find((i) => String(i.id) === chosen);
  const insert = (text: string) => onInsert(current.trim() ? `${current.trimEnd()}\n\n${text}` : text);
  const id = `kb-pick-${field}`;
  return (
    <div className="field template-picker">
      <label htmlFor={id}>{t(M.pick)}</label>
      <select id={id} value={chosen} onChange={(e) => setChosen(e.target.value)}>
        <option value="">{t(M.none)}</option>
        {groups
          .filter(([, list]) => list.length > 0)
          .map(([label, list]) => (
            <optgroup key={label.id} label={t(label)}>
              {list.map((i) => (
                <option key={i.id} value={i.id}>
                  {i.permitTypeName && i.kind === 'faq' ? `${i.title} (${i.permitTypeName})` : i.title}
                </option>
              ))}
            </optgroup>
          ))}
      </select>
      {item && (
        <div className="form-buttons">
          <Button variant="secondary" onClick={() => insert(item.text)}>
            {t(M.whole)}
          </Button>
          <Button variant="secondary" onClick={() => insert(`${item.summary}\n${item.url}`)}>
            {t(M.short)}
          </Button>
        </div>
      )}
    </div>
  );
}
