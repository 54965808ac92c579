// exercise: Chapter03.Project
// loses: chapter
// why: a compile that does not end: the compiler process is killed at its time limit and only chapter 3 is lost
// 14 nested lambdas, each with three overloads to try, make Roslyn bind the innermost body up to 3^14 times (binding
// is exponential in nested lambdas: about 6 s at depth 10 on a 2-core machine, x9 for every two more levels).
using System;
private static int Pick(Func<int, int> f) => 0;
private static int Pick(Func<long, int> f) => 1;
private static int Pick(Func<double, int> f) => 2;
private static int Pathological() =>
    Pick(p0 =>
    Pick(p1 =>
    Pick(p2 =>
    Pick(p3 =>
    Pick(p4 =>
    Pick(p5 =>
    Pick(p6 =>
    Pick(p7 =>
    Pick(p8 =>
    Pick(p9 =>
    Pick(p10 =>
    Pick(p11 =>
    Pick(p12 =>
    Pick(p13 =>
    p0 + p1 + p2 + p3 + p4 + p5 + p6 + p7 + p8 + p9 + p10 + p11 + p12 + p13))))))))))))));
