import type { FullResult, Reporter } from '@playwright/test/reporter';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Records the day every page last passed the accessibility checks, for the
 * accessibility statement: when a whole run passes and
 * RECORD_ACCESSIBILITY_RUN is set, `last_tested` in
 * server/content/accessibility.toml becomes today (UTC). The file is content
 * built into the server, so the next build's statement shows it.
 */
export default class AccessibilityRecord implements Reporter {
  private complete = true;

  onBegin() {
    // Only a run of every test counts: any argument (files, --grep,
    // --project, --shard...) may have left pages out.
    this.complete = process.argv.slice(process.argv.indexOf('test') + 1).length === 0;
  }

  onEnd(result: FullResult) {
    if (!process.env.RECORD_ACCESSIBILITY_RUN || result.status !== 'passed' || !this.complete) return;
    const file = path.join(__dirname, '..', 'server', 'content', 'accessibility.toml');
    const today = new Date().toISOString().slice(0, 10);
    const text = fs.readFileSync(file, 'utf8').replace(/^last_tested = ".*"$/m, `last_tested = "${today}"`);
    fs.writeFileSync(file, text);
    console.log(`accessibility statement: last tested ${today} (${path.relative(process.cwd(), file)})`);
  }
}
