// The `launch` parameter of an EHR launch. Real EHRs send an opaque handle; the stand-in encodes the context
// in it (base64url JSON) so that any mount of the stand-in can resolve it without shared state.
import { z } from 'zod';

const launchContextSchema = z.strictObject({
  patient: z.string().min(1),
  encounter: z.string().min(1).optional(),
});

export type LaunchContext = z.infer<typeof launchContextSchema>;

export function encodeLaunchContext(context: LaunchContext): string {
  return Buffer.from(JSON.stringify(context)).toString('base64url');
}

export function decodeLaunchContext(launch: string): LaunchContext | undefined {
  try {
    const parsed = launchContextSchema.safeParse(
      JSON.parse(Buffer.from(launch, 'base64url').toString('utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
