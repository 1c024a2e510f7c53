// zod/mini for code on the launch path (the registry, the token response, the EHR's style), where every
// kilobyte of script delays the chart; with zod's English messages, which mini leaves out ("Invalid input"
// tells the IT team nothing).
import { en } from 'zod/locales';
import { z } from 'zod/mini';

z.config(en());

export { z };
