import { z } from 'zod';
import type { Backbone, StartLadderInput } from '@/generated/graphql';
import { bounded, type FieldErrors } from './to-start-run-input';

/** The ladder form: what the three runs share, and the transfer runs' backbone. */
export interface LadderFormValues {
  imageSize: string;
  epochs: string;
  fineTuneEpochs: string;
  backbone: Backbone;
  /** Off: the transfer runs start from random weights (a quick check on a trainer without ImageNet weights). */
  pretrained: boolean;
}

export const LADDER_DEFAULTS: LadderFormValues = { imageSize: '224', epochs: '10', fineTuneEpochs: '5', backbone: 'VGG16', pretrained: true };

// The same bounds the run form checks (@transferlab/run-config); the server's verdict still wins.
const schema = z.object({
  imageSize: bounded('Image size', 'imageSize'),
  epochs: bounded('Epochs', 'epochs'),
  fineTuneEpochs: bounded('Fine-tune epochs', 'fineTuneEpochs'),
});

/** The form as a StartLadderInput for `datasetId`, or the message for each field that is wrong. */
export function toStartLadderInput(datasetId: string, values: LadderFormValues): { input: StartLadderInput; errors?: undefined } | { input?: undefined; errors: FieldErrors } {
  const parsed = schema.safeParse(values);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) errors[String(issue.path[0])] ??= issue.message;
    return { errors };
  }
  return { input: { datasetId, backbone: values.backbone, pretrained: values.pretrained, ...parsed.data } };
}
