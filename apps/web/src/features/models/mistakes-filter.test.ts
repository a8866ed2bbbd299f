import { describe, expect, it } from 'vitest';
import { ALL_PREDICTIONS, cleanedRunHref, filterCaption, isCell, predictionsVariables, toggleCell } from './mistakes-filter';

describe('the "Most wrong" gallery filter', () => {
  it('a cell click selects that cell, a second click on it shows all again, another cell moves the selection', () => {
    const cell = toggleCell(ALL_PREDICTIONS, 'daisy', 'tulips');
    expect(cell).toEqual({ trueClass: 'daisy', predictedClass: 'tulips' });
    expect(isCell(cell, 'daisy', 'tulips')).toBe(true);
    expect(isCell(cell, 'tulips', 'daisy')).toBe(false);
    expect(toggleCell(cell, 'daisy', 'tulips')).toEqual(ALL_PREDICTIONS);
    expect(toggleCell(cell, 'tulips', 'tulips')).toEqual({ trueClass: 'tulips', predictedClass: 'tulips' });
  });

  it('asks the API for the cell on the validation split (the matrix shown), never filtering in the browser', () => {
    expect(predictionsVariables('m1', { trueClass: 'daisy', predictedClass: 'tulips' }, 24)).toEqual({ id: 'm1', first: 24, after: null, trueClass: 'daisy', predictedClass: 'tulips', split: 'VAL' });
    expect(predictionsVariables('m1', ALL_PREDICTIONS, 24, 'c')).toMatchObject({ trueClass: null, predictedClass: null, after: 'c' });
  });

  it('says what is shown, and links the run form with the dataset chosen', () => {
    expect(filterCaption(ALL_PREDICTIONS, 1)).toBe('All validation images, most wrong first (1 image)');
    expect(filterCaption({ trueClass: 'daisy', predictedClass: 'tulips' }, 3)).toBe('True daisy, predicted tulips: wrong (3 images), most wrong first');
    expect(filterCaption({ trueClass: 'daisy', predictedClass: 'daisy' }, 2)).toContain(': right (2 images)');
    expect(cleanedRunHref('t 1', 'd/2')).toBe('/teams/t%201/runs/new?dataset=d%2F2');
  });
});
