package org.genimage.detectors.onednn.graph;

/** The error function in double precision (W. J. Cody's rational approximations, as in many libms). */
final class Erf {
  private Erf() {}

  /**
   * erf(x), relative error below 1e-15 (Abramowitz-Stegun 7.1.26 is not enough for gradients checked to 1e-6).
   *
   * @param x the argument
   * @return erf(x)
   */
  static double erf(double x) {
    double ax = Math.abs(x);
    double r;
    if (ax < 0.5) {
      double t = x * x;
      double top = (((0.185777706184603153 * t + 3.16112374387056560) * t + 113.864154151050156) * t
          + 377.485237685302021) * t + 3209.37758913846947;
      double bot = (((t + 23.6012909523441209) * t + 244.024637934444173) * t + 1282.61652607737228) * t
          + 2844.23683343917062;
      return x * top / bot;
    }
    if (ax < 4.0) {
      double top = (((((((-1.36864857382716707e-7 * ax + 0.564195517478973971) * ax + 7.21175825088309366) * ax
          + 43.1622272220567353) * ax + 152.989285046940404) * ax + 339.320816734343687) * ax
          + 451.918953711872942) * ax + 300.459261020161601);
      double bot = (((((((ax + 12.7827273196294235) * ax + 77.0001529352294730) * ax + 277.585444743988643) * ax
          + 638.980264465631360) * ax + 931.354094850609915) * ax + 790.950925327898027) * ax
          + 300.459260956983293);
      r = Math.exp(-ax * ax) * top / bot;
    } else {
      double z = 1 / (ax * ax);
      double top = (((0.0223192459734184686 * z + 0.278661308609647998) * z + 0.226956593539686930) * z
          + 0.0494730910623250734) * z + 0.00299610707703542174;
      double bot = (((z + 1.98733201817135256) * z + 1.05167510706793207) * z + 0.191308926107829841) * z
          + 0.0106209230528467918;
      r = Math.exp(-ax * ax) / ax * (0.564189583547756287 - z * top / bot);
    }
    double erf = 1 - r;
    return x < 0 ? -erf : erf;
  }
}
