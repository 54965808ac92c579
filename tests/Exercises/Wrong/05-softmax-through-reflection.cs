// exercise: Chapter05.Softmax
// loses: all
// why: reaches the library's Ops.Softmax by name through reflection, so no Attention symbol appears in the code
using System.Linq;
public static float[] Softmax(float[] scores)
{
    if (scores is null || scores.Length == 0) throw new ArgumentException("empty", nameof(scores));
    var matrixType = Type.GetType("Attention.Matrix, Attention")!;
    var opsType = Type.GetType("Attention.Ops, Attention")!;
    var row = matrixType.GetMethod("FromRows")!.Invoke(null, new object[] { new[] { scores } })!;   // (1, S)
    var softmax = opsType.GetMethods().First(m => m.Name == "Softmax" && m.GetParameters().Length == 2
        && m.GetParameters()[0].ParameterType == matrixType);
    var weights = softmax.Invoke(null, new object[] { row, 1f })!;
    var item = matrixType.GetMethod("get_Item", new[] { typeof(int), typeof(int) })!;
    return Enumerable.Range(0, scores.Length).Select(s => (float)item.Invoke(weights, new object[] { 0, s })!).ToArray();
}
