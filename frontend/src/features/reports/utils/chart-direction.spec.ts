import { chartDirection } from './chart-direction';

describe('chartDirection', () => {
  it('should reverse the x-axis and put the y-axis on the right when the page is right to left', () => {
    expect(chartDirection('rtl')).toEqual({ rtl: true, reversed: true, yOrientation: 'right' });
    expect(chartDirection('RTL')).toEqual({ rtl: true, reversed: true, yOrientation: 'right' });
  });

  it('should keep the usual axes when the page is left to right or says nothing', () => {
    for (const dir of ['ltr', '', null, undefined, 'auto']) expect(chartDirection(dir)).toEqual({ rtl: false, reversed: false, yOrientation: 'left' });
  });
});
