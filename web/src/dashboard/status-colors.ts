import type { Status } from '../../../src/core/status.ts';

/**
 * One colour per status, shared by the charts; chosen to stay distinguishable for the common
 * colour-vision deficiencies, and every chart also gives its numbers as text.
 */
export const statusColors: Record<Status | 'none', string> = {
  planned: '#8c96a3',
  in_progress: '#2f6fd6',
  done: '#2e9d57',
  implemented: '#0b5d3b',
  postponed: '#d98a00',
  dropped: '#5b5f66',
  none: '#d5d9de',
};
