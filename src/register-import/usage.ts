/** What `import-register --help` prints; light, so help answers without loading the importer. */
import { IMPORT_FIELDS } from './mapping.js';
import { IMPORT_MAX_BYTES, IMPORT_MAX_ROWS } from './limits.js';

export const IMPORT_REGISTER_USAGE = `npm run cli -- import-register FILE.xlsx|FILE.csv [--dry-run] [--map FIELD=HEADER]... [--mapping FILE.json]
       [--header-row N] [--fallback permitType=CODE|none] [--fallback theme=CODE|none] [--fallback channel=CHANNEL] [--as EMAIL]

Imports an office's old complaint register (buku pengaduan): all rows in one transaction, or none
when any row is refused (each refused row is listed with its column and why). Rows imported before
(same year received and original number) are skipped, so running it again adds only new rows.
Imported complaints keep their dates and original numbers, get tracking numbers of their year,
count in the recap of that year, and nobody is sent anything.

  --dry-run      report what would happen; write nothing
  --map          which column holds a field, by its header (repeatable); the rest is guessed
                 from the headers. FIELD is one of: ${IMPORT_FIELDS.join(', ')}
  --mapping      a JSON file {"headerRow"?, "columns": {FIELD: HEADER}, "fallback": {...},
                 "values": {"permitType": {"NIB/OSS": "NIB"}}} (the register's words → catalogue codes); --map wins
  --header-row   the 1-based row of the headers (default: found by their names)
  --fallback     what an unknown permit type or theme becomes (a catalogue code, or none = empty)
                 and the channel of rows whose channel is empty or unknown; without it they are refused
  --as           the admin's e-mail written to the audit log (default: the system)

At most ${IMPORT_MAX_BYTES / 1024 / 1024} MB and ${IMPORT_MAX_ROWS} rows per file. Exit code 1 when rows were refused.`;
