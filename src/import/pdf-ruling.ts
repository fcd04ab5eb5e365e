/**
 * The straight lines and filled boxes a PDF page draws, read from pdfjs's operator list:
 * table borders (ruling lines) separate rows and columns exactly, even where the text alone
 * cannot tell a wrapped line from a new row (Word tables have no padding above or below
 * the text), and shaded boxes give cell colours (the synthesis timeline).
 * Coordinates are converted to the layout's convention: x from the left, y down from the top.
 */
export interface Rule {
  page: number;
  orientation: 'horizontal' | 'vertical';
  /** For a horizontal rule: y, and x from..to; for a vertical one: x, and y from..to. */
  at: number;
  from: number;
  to: number;
}

export interface FilledBox {
  page: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  colour: string;
}

export interface PageDrawing {
  rules: Rule[];
  boxes: FilledBox[];
}

export interface OperatorCodes {
  save: number;
  restore: number;
  transform: number;
  constructPath: number;
  stroke: number;
  closeStroke: number;
  fill: number;
  eoFill: number;
  fillStroke: number;
  eoFillStroke: number;
  closeFillStroke: number;
  closeEOFillStroke: number;
  setFillRGBColor: number;
  paintFormXObjectBegin: number;
  paintFormXObjectEnd: number;
}

type Matrix = [number, number, number, number, number, number];

function multiply(m: Matrix, n: Matrix): Matrix {
  return [
    m[0] * n[0] + m[2] * n[1],
    m[1] * n[0] + m[3] * n[1],
    m[0] * n[2] + m[2] * n[3],
    m[1] * n[2] + m[3] * n[3],
    m[0] * n[4] + m[2] * n[5] + m[4],
    m[1] * n[4] + m[3] * n[5] + m[5],
  ];
}

function isMatrix(value: unknown): value is Matrix {
  return (
    Array.isArray(value) &&
    value.length === 6 &&
    value.every((number) => typeof number === 'number' && Number.isFinite(number))
  );
}

/** Path data as pdfjs 5 gives it: [op, x, y, …] with moveTo 0, lineTo 1, curveTo 2, quadraticCurveTo 3, closePath 4. */
function subpathsOf(data: ArrayLike<number>): { x: number; y: number }[][] {
  const subpaths: { x: number; y: number }[][] = [];
  let current: { x: number; y: number }[] = [];
  let index = 0;
  while (index < data.length) {
    const op = data[index]!;
    if (op === 0) {
      if (current.length > 0) subpaths.push(current);
      current = [{ x: data[index + 1]!, y: data[index + 2]! }];
      index += 3;
    } else if (op === 1) {
      current.push({ x: data[index + 1]!, y: data[index + 2]! });
      index += 3;
    } else if (op === 2) {
      // Curves are not rules: keep the end point so the path stays connected.
      current.push({ x: Number.NaN, y: Number.NaN }, { x: data[index + 5]!, y: data[index + 6]! });
      index += 7;
    } else if (op === 3) {
      current.push({ x: Number.NaN, y: Number.NaN }, { x: data[index + 3]!, y: data[index + 4]! });
      index += 5;
    } else if (op === 4) {
      if (current.length > 1) current.push({ ...current[0]! });
      index += 1;
    } else {
      break;
    }
  }
  if (current.length > 0) subpaths.push(current);
  return subpaths;
}

const thin = 2.5;

/** Reads the rules and shaded boxes of one page from its operator list. */
export function readPageDrawing(
  operators: { fnArray: ArrayLike<number>; argsArray: ArrayLike<unknown> },
  codes: OperatorCodes,
  page: number,
  pageTop: number,
): PageDrawing {
  const rules: Rule[] = [];
  const boxes: FilledBox[] = [];
  let matrix: Matrix = [1, 0, 0, 1, 0, 0];
  let fillColour = '#000000';
  const stack: { matrix: Matrix; fillColour: string }[] = [];
  const toPage = (x: number, y: number): { x: number; y: number } => ({
    x: matrix[0] * x + matrix[2] * y + matrix[4],
    y: pageTop - (matrix[1] * x + matrix[3] * y + matrix[5]),
  });
  const strokeOps = new Set([
    codes.stroke,
    codes.closeStroke,
    codes.fillStroke,
    codes.eoFillStroke,
    codes.closeFillStroke,
    codes.closeEOFillStroke,
  ]);
  const fillOps = new Set([
    codes.fill,
    codes.eoFill,
    codes.fillStroke,
    codes.eoFillStroke,
    codes.closeFillStroke,
    codes.closeEOFillStroke,
  ]);
  for (let index = 0; index < operators.fnArray.length; index++) {
    const fn = operators.fnArray[index]!;
    const args = operators.argsArray[index] as unknown[] | null;
    if (fn === codes.save) {
      stack.push({ matrix, fillColour });
    } else if (fn === codes.restore) {
      const state = stack.pop();
      if (state) ({ matrix, fillColour } = state);
    } else if (fn === codes.transform && args && isMatrix(args)) {
      matrix = multiply(matrix, args);
    } else if (fn === codes.paintFormXObjectBegin) {
      stack.push({ matrix, fillColour });
      if (args && isMatrix(args[0])) matrix = multiply(matrix, args[0]);
    } else if (fn === codes.paintFormXObjectEnd) {
      const state = stack.pop();
      if (state) ({ matrix, fillColour } = state);
    } else if (fn === codes.setFillRGBColor && args && typeof args[0] === 'string') {
      fillColour = args[0].toLowerCase();
    } else if (fn === codes.constructPath && args) {
      const paint = args[0] as number;
      const pathData = (args[1] as ArrayLike<number>[] | undefined)?.[0];
      if (!pathData) continue;
      for (const subpath of subpathsOf(pathData)) {
        const points = subpath.map((point) => (Number.isNaN(point.x) ? point : toPage(point.x, point.y)));
        if (strokeOps.has(paint)) collectStrokedRules(points, page, rules);
        if (fillOps.has(paint)) collectFilledShape(points, page, fillColour, rules, boxes);
      }
    }
  }
  return { rules, boxes };
}

function collectStrokedRules(points: { x: number; y: number }[], page: number, rules: Rule[]): void {
  for (let index = 1; index < points.length; index++) {
    const a = points[index - 1]!;
    const b = points[index]!;
    if (Number.isNaN(a.x) || Number.isNaN(b.x)) continue;
    if (Math.abs(a.y - b.y) < 0.5 && Math.abs(a.x - b.x) >= 2) {
      rules.push({
        page,
        orientation: 'horizontal',
        at: (a.y + b.y) / 2,
        from: Math.min(a.x, b.x),
        to: Math.max(a.x, b.x),
      });
    } else if (Math.abs(a.x - b.x) < 0.5 && Math.abs(a.y - b.y) >= 2) {
      rules.push({
        page,
        orientation: 'vertical',
        at: (a.x + b.x) / 2,
        from: Math.min(a.y, b.y),
        to: Math.max(a.y, b.y),
      });
    }
  }
}

function collectFilledShape(
  points: { x: number; y: number }[],
  page: number,
  colour: string,
  rules: Rule[],
  boxes: FilledBox[],
): void {
  const real = points.filter((point) => !Number.isNaN(point.x));
  if (real.length < 4 || real.length !== points.length) return;
  const xs = real.map((point) => point.x);
  const ys = real.map((point) => point.y);
  const left = Math.min(...xs);
  const right = Math.max(...xs);
  const top = Math.min(...ys);
  const bottom = Math.max(...ys);
  // Only axis-aligned rectangles: every point sits on the bounding box's corners.
  const onCorners = real.every(
    (point) =>
      (Math.abs(point.x - left) < 0.5 || Math.abs(point.x - right) < 0.5) &&
      (Math.abs(point.y - top) < 0.5 || Math.abs(point.y - bottom) < 0.5),
  );
  if (!onCorners) return;
  const width = right - left;
  const height = bottom - top;
  if (height <= thin && width > thin)
    rules.push({ page, orientation: 'horizontal', at: (top + bottom) / 2, from: left, to: right });
  else if (width <= thin && height > thin)
    rules.push({ page, orientation: 'vertical', at: (left + right) / 2, from: top, to: bottom });
  else if (width > thin && height > thin && colour !== '#ffffff')
    boxes.push({ page, left, right, top, bottom, colour });
}
